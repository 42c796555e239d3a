// A small HTTP client for the local API server (plain JSON over loopback):
// what the compat runner needs and nothing else.

const KINDS = {
  Workflow: { base: '/apis/argoproj.io/v1alpha1', plural: 'workflows', namespaced: true },
  WorkflowTemplate: { base: '/apis/argoproj.io/v1alpha1', plural: 'workflowtemplates', namespaced: true },
  ClusterWorkflowTemplate: { base: '/apis/argoproj.io/v1alpha1', plural: 'clusterworkflowtemplates', namespaced: false },
  CronWorkflow: { base: '/apis/argoproj.io/v1alpha1', plural: 'cronworkflows', namespaced: true },
  WorkflowEventBinding: { base: '/apis/argoproj.io/v1alpha1', plural: 'workfloweventbindings', namespaced: true },
  ConfigMap: { base: '/api/v1', plural: 'configmaps', namespaced: true },
  Secret: { base: '/api/v1', plural: 'secrets', namespaced: true },
  PersistentVolumeClaim: { base: '/api/v1', plural: 'persistentvolumeclaims', namespaced: true },
  ServiceAccount: { base: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  RoleBinding: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
};
const BY_PLURAL = Object.fromEntries(Object.values(KINDS).map((k) => [k.plural, k]));

export class ApiClient {
  constructor(url) { this.url = url.replace(/\/$/, ''); }

  path(plural, namespace, name) {
    const k = BY_PLURAL[plural];
    if (!k) throw new Error(`unknown resource ${plural}`);
    const ns = k.namespaced ? `/namespaces/${namespace}` : '';
    return `${this.url}${k.base}${ns}/${plural}${name ? `/${name}` : ''}`;
  }

  async request(method, url, body) {
    const res = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const err = new Error(json?.message ?? `${method} ${url}: HTTP ${res.status}`);
      err.code = res.status;
      throw err;
    }
    return json;
  }

  create(plural, namespace, obj) { return this.request('POST', this.path(plural, namespace), obj); }
  get(plural, namespace, name) { return this.request('GET', this.path(plural, namespace, name)); }
  delete(plural, namespace, name) { return this.request('DELETE', this.path(plural, namespace, name)); }

  /** Create, or replace what is there (like kubectl apply for our purposes). */
  async apply(obj, namespace) {
    const kind = KINDS[obj.kind];
    if (!kind) throw new Error(`cannot apply kind ${obj.kind}`);
    try {
      return await this.create(kind.plural, namespace, obj);
    } catch (e) {
      if (e.code !== 409 || !obj.metadata?.name) throw e;
      const current = await this.get(kind.plural, namespace, obj.metadata.name);
      const next = { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } };
      return this.request('PUT', this.path(kind.plural, namespace, obj.metadata.name), next);
    }
  }

  /** Delete a fixed-name leftover and wait until it is gone. */
  async deleteAndWait(plural, namespace, name, timeoutMs = 30000) {
    try { await this.delete(plural, namespace, name); } catch (e) { if (e.code === 404) return; throw e; }
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try { await this.get(plural, namespace, name); } catch (e) { if (e.code === 404) return; throw e; }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${plural}/${name} still present after ${timeoutMs} ms`);
  }

  /** Wait for a workflow to reach a final phase (watch stream; returns the last object seen on timeout). */
  async waitForCompletion(namespace, name, timeoutMs) {
    const done = (wf) => ['Succeeded', 'Failed', 'Error'].includes(wf?.status?.phase);
    let last = await this.get('workflows', namespace, name);
    if (done(last)) return last;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      while (!ac.signal.aborted) {
        const url = `${this.path('workflows', namespace)}?watch=true&fieldSelector=metadata.name%3D${encodeURIComponent(name)}` +
          `&resourceVersion=${last.metadata.resourceVersion}&timeoutSeconds=60`;
        const res = await fetch(url, { signal: ac.signal });
        if (!res.ok) { last = await this.get('workflows', namespace, name); if (done(last)) return last; continue; }
        const decoder = new TextDecoder();
        let buf = '';
        for await (const chunk of res.body) {
          buf += decoder.decode(chunk, { stream: true });
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
            if (!line.trim()) continue;
            const ev = JSON.parse(line);
            if (ev.type === 'ERROR') { last = await this.get('workflows', namespace, name); break; }
            if (ev.type === 'BOOKMARK') continue;
            if (ev.type === 'DELETED') return ev.object;
            last = ev.object;
            if (done(last)) return last;
          }
        }
      }
    } catch (e) {
      if (!ac.signal.aborted) throw e;
    } finally {
      clearTimeout(timer);
    }
    try { return await this.get('workflows', namespace, name); } catch { return last; }
  }
}
