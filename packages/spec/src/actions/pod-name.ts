/** Node IDs and pod names as Argo derives them from node names. */
import type { ApiNodeStatus, ApiWorkflow } from './types.js';

/** FNV-1a 32-bit, as Argo hashes node names into node IDs. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function nodeIdFor(wfName: string, nodeName: string): string {
  return nodeName === wfName ? wfName : `${wfName}-${fnv32a(nodeName)}`;
}

/** Kubernetes names stop at 253 characters; Argo keeps room for `-` and a 10-digit hash. */
const MAX_POD_NAME_PREFIX = 253 - 10 - 1;

/** The template a node ran: the referenced template's name for a templateRef. */
function templateOf(node: ApiNodeStatus): string {
  return node.templateRef ? node.templateRef.template ?? '' : node.templateName ?? '';
}

/**
 * Pod name of a Pod node, as Argo derives it: `<wf>-<template>-<hash>`, the
 * workflow's name for a root pod, the node id for v1 names. Argo hashes the
 * node name with fnv32a, which is also what a node id ends with
 * (`<wf>-<fnv32a(name)>`), so the id's suffix is used.
 */
export function podNameOf(wf: ApiWorkflow, node: ApiNodeStatus): string {
  if (node.type !== 'Pod') return '';
  const wfName = wf.metadata.name ?? '';
  if (wf.metadata.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  if (node.name === wfName || node.id === wfName) return wfName;
  const template = templateOf(node);
  const prefix = (template ? `${wfName}-${template}` : wfName).slice(0, MAX_POD_NAME_PREFIX);
  const hash = node.id.startsWith(`${wfName}-`) ? node.id.slice(wfName.length + 1) : String(fnv32a(node.name));
  return `${prefix}-${hash}`;
}
