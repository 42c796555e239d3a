import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { containerUser } from './users.js';

const pod = (sc?: object): V1Pod => ({ spec: { containers: [], ...(sc ? { securityContext: sc } : {}) } });
const ctr = (sc?: object): V1Container => ({ name: 'main', ...(sc ? { securityContext: sc } : {}) });

describe('containerUser', () => {
  it('takes runAsUser/runAsGroup from the container, else from the pod', () => {
    expect(containerUser(pod({ runAsUser: 1, runAsGroup: 2 }), ctr({ runAsUser: 3, runAsGroup: 4 }))).toEqual({ uid: 3, gid: 4 });
    expect(containerUser(pod({ runAsUser: 1, runAsGroup: 2 }), ctr())).toEqual({ uid: 1, gid: 2 });
    expect(containerUser(pod({ runAsGroup: 2 }), ctr({ runAsUser: 3 }))).toEqual({ uid: 3, gid: 2 });
  });
  it('a numeric user without a group gets group 0, as a container runtime gives it', () => {
    expect(containerUser(pod(), ctr({ runAsUser: 1000 }))).toEqual({ uid: 1000, gid: 0 });
  });
  it("without runAsUser: the image's USER (undefined for host-tools images), with runAsGroup applied", () => {
    expect(containerUser(pod(), ctr())).toBeUndefined();
    expect(containerUser(pod(), ctr(), { uid: 70, gid: 70 })).toEqual({ uid: 70, gid: 70 });
    expect(containerUser(pod({ runAsGroup: 5 }), ctr(), { uid: 70, gid: 70 })).toEqual({ uid: 70, gid: 5 });
  });
});
