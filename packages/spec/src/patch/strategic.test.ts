import { strategicMergePatch, StrategicMergeError } from './strategic.js';

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

  it('adds a second mount of the same volume (volumeMounts merge by mountPath) and keeps ports by containerPort', () => {
    const out = strategicMergePatch(pod, {
      spec: { containers: [{ name: 'main', volumeMounts: [{ name: 'v', mountPath: '/b' }], ports: [{ containerPort: 8080, name: 'http' }] }] },
    }) as any;
    expect(out.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/a', name: 'v' }, { name: 'v', mountPath: '/b' }]);
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 8080, name: 'http' }]);
  });

  it('refuses list elements without their merge key as a permanent InvalidPatch', () => {
    expect(() => strategicMergePatch(pod, { spec: { containers: ['main'] } })).toThrow(
      expect.objectContaining({ code: 'InvalidPatch', transient: false, message: 'strategic merge patch: elements of spec.containers must be objects with "name"' }),
    );
    expect(() => strategicMergePatch(pod, [])).toThrow(StrategicMergeError);
  });

  it('merges service ports by port, not containerPort', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    expect(strategicMergePatch(svc, { spec: { ports: [{ port: 80, name: 'http' }] } })).toEqual({ spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }] } });
  });
});
