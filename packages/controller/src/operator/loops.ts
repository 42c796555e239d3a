/**
 * Loops: withItems, withParam (a JSON list) and withSequence expand one step
 * or task into iterations named `name(i:value)`; `{{item}}` and
 * `{{item.field}}` resolve per iteration.
 */
import type { ExprRuntime } from '@argo-ts/lang';
import type { LoopItem, Sequence, WorkflowStep } from './model.js';
import { OperatorError } from './types.js';
import { substituteString, type Lookup } from './vars.js';

export interface Iteration { index: number; item: LoopItem; label: string }

function goFormat(format: string, n: number): string {
  return format.replace(/%(0?)(\d*)([dxXo])/, (_m, zero: string, width: string, verb: string) => {
    let s = verb === 'x' ? n.toString(16) : verb === 'X' ? n.toString(16).toUpperCase() : verb === 'o' ? n.toString(8) : String(n);
    if (width) s = s.padStart(Number(width), zero ? '0' : ' ');
    return s;
  });
}

function sequence(seq: Sequence, lookup: Lookup, rt: ExprRuntime): string[] {
  const num = (v: string | number | undefined, field: string): number | undefined => {
    if (v === undefined || v === '') return undefined;
    const n = Number(substituteString(String(v), lookup, { runtime: rt, strict: true }));
    if (!Number.isInteger(n)) throw new OperatorError('InvalidLoop', `withSequence.${field} must be an integer, got '${v}'`);
    return n;
  };
  const start = num(seq.start, 'start') ?? 0;
  const end = num(seq.end, 'end');
  const count = num(seq.count, 'count');
  if (end === undefined && count === undefined) throw new OperatorError('InvalidLoop', 'withSequence needs end or count');
  const fmt = seq.format ?? '%d';
  const out: string[] = [];
  if (count !== undefined) {
    for (let i = 0; i < count; i++) out.push(goFormat(fmt, start + i));
  } else if (end! >= start) {
    for (let i = start; i <= end!; i++) out.push(goFormat(fmt, i));
  } else {
    for (let i = start; i >= end!; i--) out.push(goFormat(fmt, i));
  }
  return out;
}

/** The value shown in a child's name: `(`/`)` removed; maps as sorted `k:v` pairs. */
export function itemLabel(item: LoopItem): string {
  let s: string;
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    s = Object.keys(item).sort().map((k) => `${k}:${itemText((item as Record<string, unknown>)[k] as LoopItem)}`).join(',');
  } else {
    s = itemText(item);
  }
  return s.replace(/[()]/g, '');
}

function itemText(v: LoopItem): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}

/** Expands a step's loop, or returns undefined when it has none. */
export function expandLoop(step: WorkflowStep, lookup: Lookup, rt: ExprRuntime): Iteration[] | undefined {
  let items: LoopItem[];
  if (step.withItems) {
    items = step.withItems;
  } else if (step.withParam !== undefined) {
    const text = substituteString(String(step.withParam), lookup, { runtime: rt, strict: true });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new OperatorError('InvalidLoop', `withParam value could not be parsed as a JSON list: ${text}: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new OperatorError('InvalidLoop', `withParam value could not be parsed as a JSON list: ${text}`);
    items = parsed as LoopItem[];
  } else if (step.withSequence) {
    items = sequence(step.withSequence, lookup, rt);
  } else {
    return undefined;
  }
  return items.map((item, index) => ({ index, item, label: itemLabel(item) }));
}

/** `item` / `item.<field>` for one iteration. */
export function itemLookup(item: LoopItem): Lookup {
  return (name) => {
    if (name === 'item') return item !== null && typeof item === 'object' ? sortedKeys(item) : itemText(item);
    if (!name.startsWith('item.') || !item || typeof item !== 'object' || Array.isArray(item)) return undefined;
    let cur: unknown = item;
    for (const part of name.slice(5).split('.')) {
      if (!cur || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur === undefined ? undefined : itemText(cur as LoopItem);
  };
}

/** Go's encoding/json writes map keys sorted; a copy with sorted keys prints the same way. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}

function goJson(v: unknown): string {
  return JSON.stringify(sortedKeys(v));
}
