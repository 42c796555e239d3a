// Node-level assertions (assertions.yaml): what Argo's e2e tests and the
// corpus notes say about a run beyond its phase. The file's shape is checked
// with zod when it is loaded, so a typo fails the run instead of silently
// asserting nothing.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'];
const params = z.record(z.string(), z.string());

const NodeAssertion = z.strictObject({
  // Display name; `{{workflow.name}}` stands for the run's name (onExit nodes).
  name: z.string().min(1),
  // Match the node's full name (status.nodes[].name) instead of its display name.
  fullName: z.boolean().optional(),
  // `notRun`: the notes say only that it never runs: no node of that name, or one that is Omitted or Skipped.
  phase: z.enum([...PHASES, 'notRun']).optional(),
  message: z.string().min(1).optional(),
  inputs: params.optional(),
  outputs: params.optional(),
  children: z.number().int().nonnegative().optional(),
});

const SomeNode = z.strictObject({
  phase: z.enum(PHASES).optional(),
  message: z.string().min(1).optional(),
});

const RowAssertions = z.strictObject({
  // Where the assertions come from: an Argo e2e test, or the corpus notes.
  source: z.string().min(1),
  message: z.string().min(1).optional(),
  outputs: params.optional(),
  pods: z.number().int().nonnegative().optional(),
  nodeCount: z.number().int().nonnegative().optional(),
  nodes: z.array(NodeAssertion).optional(),
  someNode: SomeNode.optional(),
});

export const AssertionsFile = z.record(z.string().regex(/\.ya?ml$/, 'a corpus path ending in .yaml'), RowAssertions);

/** Loads and validates the file; throws one readable error naming the bad key paths. */
export function loadAssertions(file) {
  const parsed = AssertionsFile.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: invalid assertions\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** How many assertions one row carries (each checked value counts once). */
export function countAssertions(a) {
  let n = ['message', 'pods', 'nodeCount'].filter((k) => a[k] !== undefined).length;
  n += Object.keys(a.outputs ?? {}).length;
  if (a.someNode) n += 1;
  for (const node of a.nodes ?? []) {
    n += ['phase', 'message', 'children'].filter((k) => node[k] !== undefined).length;
    n += Object.keys(node.inputs ?? {}).length + Object.keys(node.outputs ?? {}).length;
  }
  return n;
}

const paramMap = (list) => Object.fromEntries((list ?? []).map((p) => [p.name, p.value]));

/** Checks a finished workflow against one row's assertions; returns the failures (strings). */
export function checkAssertions(wf, a) {
  const failures = [];
  const nodes = Object.values(wf?.status?.nodes ?? {});
  const wfMessage = wf?.status?.message ?? '';
  if (a.message !== undefined && !wfMessage.includes(a.message)) {
    failures.push(`workflow message ${JSON.stringify(wfMessage)} does not contain ${JSON.stringify(a.message)}`);
  }
  const wfOutputs = paramMap(wf?.status?.outputs?.parameters);
  for (const [k, v] of Object.entries(a.outputs ?? {})) {
    if (wfOutputs[k] !== v) failures.push(`workflow output ${k} = ${JSON.stringify(wfOutputs[k])}, expected ${JSON.stringify(v)}`);
  }
  const pods = nodes.filter((n) => n.type === 'Pod').length;
  if (a.pods !== undefined && pods !== a.pods) failures.push(`${pods} pods, expected ${a.pods}`);
  if (a.nodeCount !== undefined && nodes.length !== a.nodeCount) failures.push(`${nodes.length} nodes, expected ${a.nodeCount}`);
  if (a.someNode) {
    const ok = nodes.some((n) => (a.someNode.phase === undefined || n.phase === a.someNode.phase) &&
      (a.someNode.message === undefined || (n.message ?? '').includes(a.someNode.message)));
    if (!ok) failures.push(`no node with ${JSON.stringify(a.someNode)}`);
  }
  for (const want of a.nodes ?? []) {
    const name = want.name.replaceAll('{{workflow.name}}', wf?.metadata?.name ?? '');
    const matched = nodes.filter((n) => (want.fullName ? n.name : n.displayName) === name);
    if (want.phase === 'notRun') {
      const ran = matched.find((n) => n.phase !== 'Omitted' && n.phase !== 'Skipped');
      if (ran) failures.push(`node ${name}: ${ran.phase}, expected it never to run`);
      continue;
    }
    if (matched.length === 0) {
      failures.push(`node ${name}: not found among ${JSON.stringify(nodes.map((n) => (want.fullName ? n.name : n.displayName)).slice(0, 12))}`);
      continue;
    }
    // Several nodes share a display name only across nested templates; every one must match.
    for (const n of matched) failures.push(...checkNode(name, n, want));
  }
  return failures;
}

function checkNode(name, n, want) {
  const out = [];
  if (want.phase !== undefined && n.phase !== want.phase) out.push(`node ${name}: phase ${n.phase}, expected ${want.phase}`);
  if (want.message !== undefined && !(n.message ?? '').includes(want.message)) {
    out.push(`node ${name}: message ${JSON.stringify(n.message ?? '')} does not contain ${JSON.stringify(want.message)}`);
  }
  if (want.children !== undefined && (n.children ?? []).length !== want.children) {
    out.push(`node ${name}: ${(n.children ?? []).length} children, expected ${want.children}`);
  }
  for (const [kind, wantParams] of [['input', want.inputs], ['output', want.outputs]]) {
    const got = paramMap(n[`${kind}s`]?.parameters);
    for (const [k, v] of Object.entries(wantParams ?? {})) {
      if (got[k] !== v) out.push(`node ${name}: ${kind} ${k} = ${JSON.stringify(got[k])}, expected ${JSON.stringify(v)}`);
    }
  }
  return out;
}
