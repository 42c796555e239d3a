import { KINDS, type KindInfo } from '../schema/kinds.js';
import { componentName, OPENAPI_V3_GROUP_PATH, openApiV3Document, openApiV3Hash } from './openapi.js';

interface Operation {
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
  parameters?: { name: string; in: string }[];
}

/** What kubectl does to decide the server validates fields: a PATCH for the GVK taking fieldValidation. */
function supportsFieldValidation(doc: Record<string, unknown>, kind: string): boolean {
  const paths = doc.paths as Record<string, { patch?: Operation }>;
  return Object.values(paths).some((p) => {
    const gvk = p.patch?.['x-kubernetes-group-version-kind'];
    return gvk?.group === 'argoproj.io' && gvk.version === 'v1alpha1' && gvk.kind === kind && !!p.patch?.parameters?.some((q) => q.name === 'fieldValidation');
  });
}

describe('openApiV3Document', () => {
  const doc = openApiV3Document('argoproj.io', 'v1alpha1')!;

  it('serves only argoproj.io/v1alpha1', () => {
    expect(doc.openapi).toBe('3.0.0');
    expect(openApiV3Document('apps', 'v1')).toBeUndefined();
    expect(openApiV3Document()).toBe(doc);
    expect(OPENAPI_V3_GROUP_PATH).toBe('apis/argoproj.io/v1alpha1');
  });

  it('lets kubectl use server-side field validation for every kind', () => {
    for (const kind of Object.keys(KINDS)) expect(supportsFieldValidation(doc, kind)).toBe(true);
    expect(supportsFieldValidation(doc, 'Pod')).toBe(false);
  });

  it('has item paths with namespace only for namespaced kinds', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/apis/argoproj.io/v1alpha1/namespaces/{namespace}/workflows/{name}');
    expect(paths).toContain('/apis/argoproj.io/v1alpha1/namespaces/{namespace}/workflows/{name}/status');
    expect(paths).toContain('/apis/argoproj.io/v1alpha1/clusterworkflowtemplates/{name}');
    expect(paths).not.toContain('/apis/argoproj.io/v1alpha1/namespaces/{namespace}/clusterworkflowtemplates/{name}');
  });

  it('names component schemas like Kubernetes and tags them with their kind', () => {
    for (const info of Object.values(KINDS) as KindInfo[]) {
      const schema = doc.components.schemas[componentName(info.kind)] as Record<string, unknown>;
      expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'argoproj.io', version: 'v1alpha1', kind: info.kind }]);
      expect(doc.components.schemas[componentName(`${info.kind}List`)]).toBeDefined();
    }
    expect(componentName('Workflow')).toBe('io.argoproj.v1alpha1.Workflow');
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const name = r.replace(/^"\$ref":"#\/components\/schemas\//, '').replace(/"$/, '');
      expect(doc.components.schemas[name]).toBeDefined();
    }
  });

  it('has a stable content hash', () => {
    expect(openApiV3Hash()).toMatch(/^[0-9A-F]{32}$/);
    expect(openApiV3Hash()).toBe(openApiV3Hash());
  });
});
