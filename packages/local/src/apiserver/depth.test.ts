/** Deeply nested bodies get a 400 naming the bound, never a 500 from an exhausted stack; bodies at the bound work end to end. */
import { MAX_DEPTH } from './depth.js';
import { startHarness, type Harness } from './testing/harness.js';

const CMS = '/api/v1/namespaces/default/configmaps';

/** `levels` nested objects and arrays, alternating, as JSON text. */
function nested(levels: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    open += i % 2 === 0 ? '{"a":' : '[';
    close = (i % 2 === 0 ? '}' : ']') + close;
  }
  return `${open}1${close}`;
}

/** A ConfigMap whose extra field `x` holds `levels` levels (the object itself is one more). */
const configMap = (name: string, levels: number): string => `{"metadata":{"name":"${name}"},"data":{"k":"v"},"x":${nested(levels)}}`;

async function send(h: Harness, method: string, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(h.server.url + path, { method, headers: { 'Content-Type': contentType }, body });
  return { status: res.status, body: await res.json() };
}

describe('request body depth', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(() => h.close());

  it.each([2_000, 100_000])('answers %i levels with 400 and a clear message', async (levels) => {
    const r = await send(h, 'POST', CMS, configMap('deep', levels));
    expect([r.status, r.body.reason, r.body.message]).toEqual([400, 'BadRequest', `request body nests objects and arrays more than ${MAX_DEPTH} levels deep`]);
  });

  it('accepts a body at the bound and serves it through get, watch and every patch type', async () => {
    expect((await send(h, 'POST', CMS, configMap('edge', MAX_DEPTH - 1))).status).toBe(201);
    expect((await send(h, 'POST', CMS, configMap('over', MAX_DEPTH))).status).toBe(400);
    expect((await fetch(`${h.server.url}${CMS}/edge`)).status).toBe(200);
    const watch = await fetch(`${h.server.url}${CMS}?watch=true&timeoutSeconds=1`);
    expect((await watch.text()).includes('"edge"')).toBe(true);
    expect((await send(h, 'PATCH', `${CMS}/edge`, `{"x":${nested(MAX_DEPTH - 1)},"data":{"k":"merge"}}`, 'application/merge-patch+json')).status).toBe(200);
    expect((await send(h, 'PATCH', `${CMS}/edge`, `{"x":${nested(MAX_DEPTH - 1)},"data":{"k":"smp"}}`, 'application/strategic-merge-patch+json')).status).toBe(200);
    const deepPatch = await send(h, 'PATCH', `${CMS}/edge`, `{"x":${nested(MAX_DEPTH)}}`, 'application/merge-patch+json');
    expect([deepPatch.status, deepPatch.body.message]).toEqual([400, `patch body nests objects and arrays more than ${MAX_DEPTH} levels deep`]);
  });

  it('refuses a JSON patch that nests a value below an already deep path', async () => {
    expect((await send(h, 'POST', CMS, configMap('grow', 300))).status).toBe(201);
    const path = `/x${'/a/0'.repeat(149)}/a`;
    const r = await send(h, 'PATCH', `${CMS}/grow`, JSON.stringify([{ op: 'replace', path, value: JSON.parse(nested(300)) }]), 'application/json-patch+json');
    expect([r.status, r.body.message]).toEqual([400, `the patched object nests objects and arrays more than ${MAX_DEPTH} levels deep`]);
    const shallow = await send(h, 'PATCH', `${CMS}/grow`, JSON.stringify([{ op: 'replace', path, value: 2 }]), 'application/json-patch+json');
    expect(shallow.status).toBe(200);
  });
});
