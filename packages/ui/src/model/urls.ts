/** Argo Server URLs the UI links to (artifacts are plain links, so the browser downloads them). */

const seg = encodeURIComponent;

/** `/artifacts/{ns}/{wf}/{nodeId}/{name}` or `/input-artifacts/…`, Argo Server's download paths. */
export function artifactUrl(namespace: string, workflow: string, nodeId: string, artifact: string, side: 'outputs' | 'inputs'): string {
  const root = side === 'inputs' ? 'input-artifacts' : 'artifacts';
  return `/${root}/${seg(namespace)}/${seg(workflow)}/${seg(nodeId)}/${seg(artifact)}`;
}

/** Hash routes of the UI (hash routing needs no server-side fallback). */
export const routes = {
  list: (): string => '#/workflows',
  workflow: (namespace: string, name: string, node?: string): string =>
    `#/workflows/${seg(namespace)}/${seg(name)}${node ? `?node=${seg(node)}` : ''}`,
  submit: (): string => '#/submit',
};

export type Route =
  | { page: 'list' }
  | { page: 'submit' }
  | { page: 'workflow'; namespace: string; name: string; node?: string };

/** Parses `location.hash`; anything unknown is the list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'submit') return { page: 'submit' };
  if (parts[0] === 'workflows' && parts.length === 3) {
    const node = new URLSearchParams(query).get('node') ?? undefined;
    return { page: 'workflow', namespace: parts[1]!, name: parts[2]!, ...(node ? { node } : {}) };
  }
  return { page: 'list' };
}
