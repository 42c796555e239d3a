import { ApiError } from '../../store/errors.js';
import { jsonPatch } from './json.js';
import { mergePatch } from './merge.js';
import { strategicMergePatch } from './strategic.js';

describe('merge patch (RFC 7386)', () => {
  it('merges objects, deletes nulls and replaces arrays', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2, 3] }, 'x/y': { '~t': 1 } };
  it('applies add, remove, replace, move, copy and test, with escaped pointers', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'remove', path: '/a/b/0' },
      { op: 'replace', path: '/x~1y/~0t', value: 2 },
      { op: 'copy', from: '/a/b', path: '/c' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'test', path: '/d', value: [9, 2, 3, 4] },
    ]);
    expect(out).toEqual({ a: { b: [9, 2, 3, 4] }, 'x/y': { '~t': 2 }, d: [9, 2, 3, 4] });
    expect(doc.a.b).toEqual([1, 2, 3]);
  });
  it('fails a test op with 422 and a missing path with 400', () => {
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/a/b/0', value: 5 }])).toThrow(expect.objectContaining({ httpStatus: 422 }));
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(expect.objectContaining({ httpStatus: 400 }));
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/a/b/7' }])).toThrow(ApiError);
    expect(() => jsonPatch(doc, [{ op: 'move', from: '/a', path: '/a/b/x' }])).toThrow('own child');
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow(ApiError);
  });
});

describe('strategic merge patch', () => {
  const pod = {
    metadata: { finalizers: ['a'], ownerReferences: [{ uid: '1', name: 'x' }] },
    spec: {
      containers: [
        { name: 'main', image: 'alpine', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ mountPath: '/a', name: 'v' }] },
        { name: 'wait', image: 'exec' },
      ],
      tolerations: [{ key: 'k' }],
      volumes: [{ name: 'v', emptyDir: {} }],
    },
  };

  it('merges lists by their merge keys and replaces lists without one', () => {
    const out = strategicMergePatch(pod, {
      metadata: { finalizers: ['b'] },
      spec: {
        containers: [{ name: 'main', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }, { name: 'side', image: 'x' }],
        tolerations: [{ key: 'other' }],
        volumes: [{ name: 'w', configMap: { name: 'cm' } }],
      },
    }) as any;
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['main', 'wait', 'side']);
    expect(out.spec.containers[0].image).toBe('alpine');
    expect(out.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    expect(out.spec.tolerations).toEqual([{ key: 'other' }]);
    expect(out.spec.volumes.map((v: any) => v.name)).toEqual(['v', 'w']);
  });

  it('honours $patch delete/replace, $setElementOrder, $retainKeys and $deleteFromPrimitiveList', () => {
    const out = strategicMergePatch(pod, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], ownerReferences: [{ uid: '1', $patch: 'delete' }] },
      spec: {
        '$setElementOrder/containers': [{ name: 'wait' }, { name: 'main' }],
        containers: [{ name: 'main', env: [{ $patch: 'replace' }, { name: 'Z', value: '0' }], volumeMounts: [{ mountPath: '/a', $patch: 'delete' }] }],
        volumes: [{ name: 'v', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/tmp' } }],
      },
    }) as any;
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.metadata.ownerReferences).toEqual([]);
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['wait', 'main']);
    expect(out.spec.containers[1].env).toEqual([{ name: 'Z', value: '0' }]);
    expect(out.spec.containers[1].volumeMounts).toEqual([]);
    expect(out.spec.volumes).toEqual([{ name: 'v', hostPath: { path: '/tmp' } }]);
    const replaced = strategicMergePatch(pod, { spec: { $patch: 'replace', containers: [] } }) as any;
    expect(replaced.spec).toEqual({ containers: [] });
  });

  it('merges service ports by port, not containerPort', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    expect(strategicMergePatch(svc, { spec: { ports: [{ port: 80, name: 'http' }] } })).toEqual({ spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }] } });
  });
});
