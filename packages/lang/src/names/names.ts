/**
 * Deterministic names: node IDs and pod names are derived from node names
 * exactly as Argo derives them, so a restarted controller finds its pods again
 * and tools that compute names (tests, `argo logs`) agree with Argo.
 */

const UTF8 = new TextEncoder();

/** FNV-1a 32-bit over the UTF-8 bytes, as Go's hash/fnv New32a. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = UTF8.encode(text);
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Root node ID is the workflow name; others `<wf>-<fnv32a(nodeName)>`. */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

/** Kubernetes object names are at most 253 chars; Argo leaves room for `-` and a 10-digit hash. */
const MAX_POD_NAME_PREFIX = 253 - 10 - 1;

/** Pod names, Argo's v2 format: `<wf>-<template>-<fnv32a(nodeName)>`; a root pod is named as the workflow. */
export function podName(workflowName: string, nodeName: string, templateName: string | undefined): string {
  if (workflowName === nodeName) return workflowName;
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > MAX_POD_NAME_PREFIX) prefix = prefix.slice(0, MAX_POD_NAME_PREFIX);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** The annotation that selects Argo's pod name format (`v1`: the node ID; `v2`, the default: see podName). */
export const POD_NAME_FORMAT_ANNOTATION = 'workflows.argoproj.io/pod-name-format';

/** A Pod node's pod name under the workflow's chosen format (tools that read a workflow's status use this). */
export function podNameOfNode(
  workflow: { name: string; annotations?: Record<string, string> | undefined },
  node: { id: string; name: string; templateName?: string | undefined },
): string {
  if (workflow.annotations?.[POD_NAME_FORMAT_ANNOTATION] === 'v1') return node.id;
  if (node.id === workflow.name) return workflow.name;
  return podName(workflow.name, node.name, node.templateName);
}
