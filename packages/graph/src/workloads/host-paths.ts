/**
 * Which host paths a hostPath volume exposes. A mount of a directory exposes everything below
 * it, so `/var` exposes `/var/log` and `/var/lib/kubelet`, and `/` exposes the whole host.
 */

/** `/var/log/` and `/var//log` → `/var/log`; `/` stays `/`. */
export function normaliseHostPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** True when mounting `mounted` exposes `target` (it is the target or one of its parents). */
export function exposes(mounted: string, target: string): boolean {
  const m = normaliseHostPath(mounted);
  const t = normaliseHostPath(target);
  return m === '/' || t === m || t.startsWith(m + '/');
}

/** Container runtime sockets: any of them starts containers on the host. */
export const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/run/crio/crio.sock',
  '/var/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/var/run/dockershim.sock',
  '/run/k3s/containerd/containerd.sock',
];
