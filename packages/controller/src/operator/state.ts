/**
 * One operation over one workflow: the node map (copied on first write, each
 * node cloned on its first change, so the input is never mutated and an
 * untouched node costs nothing), the actions to emit and the requeue time.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { isFulfilled } from '@argo-ts/spec';
import type { NodePhase } from '@argo-ts/spec';
import type { NodeStatus, Outputs, Workflow, WorkflowSpec } from './model.js';
import type { TemplateScope } from './templates.js';
import type { Lookup } from './vars.js';
import type { KindTable } from './execute.js';
import { nodeId, seededRuntime, type ExprRuntime } from '@argo-ts/lang';
import type { Action, OperateContext, OperatorConfig } from './types.js';

export class Operation {
  readonly name: string;
  readonly nowIso: string;
  nodes: Record<string, NodeStatus>;
  readonly original: Record<string, NodeStatus>;
  readonly actions: Action[] = [];
  /** Nodes created or changed in this operation (and cloned, so mutable). */
  readonly owned = new Set<string>();
  /** Phase of each touched node before this operation (undefined: created now). */
  readonly before = new Map<string, string | undefined>();
  /** Pods of nodes that are not yet fulfilled, by node ID. */
  readonly pods = new Map<string, V1Pod>();
  /** Pods whose node was fulfilled by this operation (pod GC looks at these). */
  readonly finishedPods: V1Pod[] = [];
  /** Outputs exported with `globalName`, merged into status.outputs at the end. */
  globalOutputs: Outputs;
  globalsChanged = false;
  requeueAfterMs: number | undefined;
  /** Extra global variables (workflow.status / workflow.failures in exit handlers). */
  readonly extraGlobals: Record<string, string> = {};
  private copied = false;
  /** Facts derived from the input node map in an earlier operate (see memo.ts), and those for the result. */
  memoIn: Map<string, unknown> | undefined;
  readonly memoOut = new Map<string, unknown>();
  /** Effective spec (workflowTemplateRef merged), set by operate before executing. */
  spec!: WorkflowSpec;
  /** workflow.* variables. */
  globals!: Lookup;
  /** The handler of each template kind (kinds.ts), set by operate. */
  kinds!: KindTable;
  /** The workflow's own templates. */
  rootScope!: TemplateScope;
  /** Why the workflow is stopping (shutdown, deadline): no new pod may start. */
  stopping: string | undefined;
  /** Non-fulfilled Pod nodes, for workflow parallelism. */
  activePods = 0;

  /** Clock and randomness for expressions: operate's `now`, and its random source (or one seeded by the input). */
  readonly runtime: ExprRuntime;

  constructor(
    readonly wf: Workflow,
    readonly now: Date,
    readonly config: OperatorConfig,
    readonly ctx: OperateContext,
    /** Reuse and modify the input's node map and nodes instead of copying (the caller gives up the input). */
    readonly inPlace = false,
  ) {
    this.name = wf.metadata.name ?? '';
    this.nowIso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.runtime = ctx.randomBytes
      ? { now, randomBytes: ctx.randomBytes }
      : seededRuntime(now, `${wf.metadata.uid ?? this.name}/${this.nowIso}`);
    this.original = wf.status?.nodes ?? {};
    this.nodes = this.original;
    this.copied = inPlace;
    this.globalOutputs = wf.status?.outputs ?? {};
  }

  id(nodeName: string): string {
    return nodeId(this.name, nodeName);
  }

  byName(nodeName: string): NodeStatus | undefined {
    return this.nodes[this.id(nodeName)];
  }

  byId(id: string): NodeStatus | undefined {
    return this.nodes[id];
  }

  /** A mutable version of a node (cloned on its first change in this operation). */
  mutable(id: string): NodeStatus {
    const n = this.nodes[id];
    if (!n) throw new Error(`node ${id} not found`);
    if (this.owned.has(id)) return n;
    if (this.inPlace) {
      this.before.set(id, n.phase);
      this.owned.add(id);
      return n;
    }
    const copy: NodeStatus = { ...n };
    if (n.children) copy.children = [...n.children];
    this.put(copy);
    return copy;
  }

  put(node: NodeStatus): void {
    if (!this.before.has(node.id)) this.before.set(node.id, this.nodes[node.id]?.phase);
    if (!this.copied) {
      this.nodes = { ...this.nodes };
      this.copied = true;
    }
    this.nodes[node.id] = node;
    this.owned.add(node.id);
  }

  create(fields: Pick<NodeStatus, 'name' | 'displayName' | 'type' | 'phase'> & Partial<NodeStatus>): NodeStatus {
    const node: NodeStatus = { id: fields.id ?? this.id(fields.name), ...fields } as NodeStatus;
    if (!node.startedAt) node.startedAt = this.nowIso;
    if (isFulfilled(node.phase) && !node.finishedAt) node.finishedAt = this.nowIso;
    this.put(node);
    return node;
  }

  /** Drops a node so that its handler creates it afresh (a node that waited for a lock and now holds it). */
  forget(id: string): void {
    if (!this.nodes[id]) return;
    if (!this.before.has(id)) this.before.set(id, this.nodes[id].phase);
    if (!this.copied) {
      this.nodes = { ...this.nodes };
      this.copied = true;
    }
    delete this.nodes[id];
    this.owned.delete(id);
  }

  /** Sets the phase (and message); a fulfilled phase sets finishedAt once. */
  mark(id: string, phase: NodePhase, message?: string): NodeStatus {
    const cur = this.nodes[id]!;
    if (cur.phase === phase && (message === undefined || cur.message === message)) return cur;
    const n = this.mutable(id);
    n.phase = phase;
    if (message !== undefined) n.message = message;
    if (isFulfilled(phase) && !n.finishedAt) n.finishedAt = this.nowIso;
    return n;
  }

  /** Children as sets, built on first use per parent: a 10,000-child loop must not scan its children per add. */
  private readonly childSets = new Map<string, Set<string>>();

  addChild(parentId: string, childId: string): void {
    const p = this.nodes[parentId];
    if (!p) return;
    let set = this.childSets.get(parentId);
    if (!set) this.childSets.set(parentId, (set = new Set(p.children ?? [])));
    if (set.has(childId)) return;
    set.add(childId);
    const m = this.mutable(parentId);
    (m.children ??= []).push(childId);
  }

  requeue(ms: number): void {
    const v = Math.max(0, Math.ceil(ms));
    this.requeueAfterMs = this.requeueAfterMs === undefined ? v : Math.min(this.requeueAfterMs, v);
  }

  emit(action: Action): void {
    this.actions.push(action);
  }
}
