/**
 * Which user a container's process runs as, as a node decides it:
 * `securityContext.runAsUser`/`runAsGroup` of the container, else of the pod.
 * Without runAsUser the image's USER applies (root for host-tools images;
 * pulled images bring their own); without runAsGroup the group is 0, as a
 * runtime gives a numeric user that has no entry in the image's /etc/passwd.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';

export function containerUser(pod: V1Pod, c: V1Container, imageUser?: { uid: number; gid: number }): { uid: number; gid: number } | undefined {
  const uid = c.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const gid = c.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup;
  if (uid === undefined) return imageUser && gid !== undefined ? { uid: imageUser.uid, gid } : imageUser;
  return { uid, gid: gid ?? 0 };
}
