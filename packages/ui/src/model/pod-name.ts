/**
 * The pod a node ran in, named as Argo's v2 pod names are (what argo-ts's
 * controller creates): `<workflow>-<template>-<fnv32a(node name)>`, the root
 * pod named as the workflow; v1 workflows (annotation) use the node ID.
 */
import type { NodeStatus, Workflow } from './types';

/** FNV-1a 32-bit over the UTF-8 bytes. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const MAX_PREFIX = 253 - 10 - 1;

export function podName(wf: Pick<Workflow, 'metadata'>, node: Pick<NodeStatus, 'id' | 'name' | 'templateName' | 'templateRef'>): string {
  const name = wf.metadata.name ?? '';
  if (wf.metadata.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  if (node.name === name) return name;
  const template = node.templateName || node.templateRef?.template;
  let prefix = template ? `${name}-${template}` : name;
  if (prefix.length > MAX_PREFIX) prefix = prefix.slice(0, MAX_PREFIX);
  return `${prefix}-${fnv32a(node.name)}`;
}
