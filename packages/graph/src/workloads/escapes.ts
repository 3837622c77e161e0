/**
 * Container → node escapes, each its own edge kind with the field that enables it.
 * Capability escapes are only drawn for non-privileged containers: privileged already has every
 * capability, and its edges (CE_PRIV_MOUNT, CE_MODULE_LOAD, CE_NSENTER) say so (as KubeHound does).
 */
import { ETCD, type Volume, type VertexId } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import { hub } from '../rbac/hubs.js';
import { exposes, normaliseHostPath, RUNTIME_SOCKETS } from './host-paths.js';
import { podEvidence, podServiceAccount, type EffectivePod } from './pods.js';
import { hasCapability, type EffectiveSecurity } from './security-context.js';
import type { Host, PodContainer, WorkloadContext } from './workload-graph.js';

/** Read access to these exposes host credentials (SSH keys, shadow, kubelet credentials). */
const READ_SENSITIVE = ['/etc', '/root', '/home'];
/** Write access to these runs code as root on the host (cron, SSH keys, binaries, static pods). */
const WRITE_SENSITIVE = [
  '/etc',
  '/root',
  '/home',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/boot',
  '/var/spool/cron',
];
const KUBELET_PODS = '/var/lib/kubelet/pods';
const ETCD_PATHS = ['/var/lib/etcd', '/etc/kubernetes/pki/etcd'];

/** A mount exposes a dir, or sits inside one. */
const touches = (mounted: string, dir: string) => exposes(mounted, dir) || exposes(dir, mounted);

export function addContainerEscapes(
  ctx: WorkloadContext,
  pod: EffectivePod,
  pc: PodContainer,
  s: EffectiveSecurity,
  host: Host,
  volumes: Map<string, { volume: Volume; path: string }>,
  holdsToken: boolean,
): void {
  const { b } = ctx;
  const from = pc.id;
  const at = (field: string) => podEvidence(pod, `${pc.path}${field}`);
  const edge = (
    kind: Parameters<typeof b.edge>[0],
    evidence: Evidence | Evidence[],
    to: VertexId = host.id,
    cost?: number,
  ) => b.edge(kind, from, to, evidence, cost);

  if (s.privileged) {
    edge('CE_PRIV_MOUNT', at('/securityContext/privileged'));
    edge('CE_MODULE_LOAD', at('/securityContext/privileged'));
    if (pod.spec.hostPID)
      edge('CE_NSENTER', [at('/securityContext/privileged'), podEvidence(pod, '/hostPID')]);
  } else {
    const capEvidence = at('/securityContext/capabilities/add');
    if (hasCapability(s, 'SYS_ADMIN')) edge('CE_SYS_ADMIN', capEvidence);
    if (hasCapability(s, 'SYS_MODULE')) edge('CE_MODULE_LOAD', capEvidence);
    if (hasCapability(s, 'DAC_READ_SEARCH')) edge('CE_DAC_READ_SEARCH', capEvidence);
    if (pod.spec.hostPID && hasCapability(s, 'SYS_PTRACE'))
      edge('CE_SYS_PTRACE', [capEvidence, podEvidence(pod, '/hostPID')]);
  }

  for (const [m, mount] of (pc.container.volumeMounts ?? []).entries()) {
    const v = volumes.get(mount.name);
    const hostPath = v?.volume.hostPath?.path;
    if (!v || !hostPath) continue;
    const path = normaliseHostPath(hostPath);
    const readOnly = mount.readOnly === true;
    const ev = [podEvidence(pod, `${v.path}/hostPath/path`), at(`/volumeMounts/${m}`)];

    // A socket connects whatever the mount's readOnly flag says.
    if (RUNTIME_SOCKETS.some((sock) => exposes(path, sock))) edge('EXPLOIT_CONTAINERD_SOCK', ev);
    if (touches(path, KUBELET_PODS)) {
      edge('EXPLOIT_HOST_TRAVERSE', ev, nodeTokens(ctx, host));
    }
    if (exposes(path, '/var/log') && holdsToken) {
      const sa = {
        kind: 'ServiceAccount' as const,
        namespace: pod.namespace,
        name: podServiceAccount(pod.spec),
      };
      const logs = ctx.auth.can(sa, {
        verb: 'get',
        apiGroup: '',
        resource: 'pods',
        subresource: 'log',
        namespace: pod.namespace,
      });
      if (logs === 'superuser' || logs.length > 0) {
        const rbac =
          logs === 'superuser'
            ? []
            : logs.flatMap((a) => [a.grant.evidence, ...a.rules.map((r) => r.source)]);
        edge('CE_VAR_LOG_SYMLINK', [...ev, ...rbac]);
      }
    }
    if (exposes(path, '/proc/sys/kernel') && !readOnly && s.root !== 'non-root') {
      // Explicit runAsUser 0 is certain; without it the image's user decides, so it costs more.
      edge(
        'CE_UMH_CORE_PATTERN',
        [...ev, at('/securityContext/runAsUser')],
        host.id,
        s.root === 'root' ? 2 : 3,
      );
    }
    if (exposes(path, '/etc/kubernetes')) edge('EXPLOIT_KUBE_CREDENTIALS', ev);
    if (host.mayBeControlPlane && ETCD_PATHS.some((p) => touches(path, p))) {
      edge('EXPLOIT_ETCD_DATA', ev, ETCD);
    }
    if (!readOnly && WRITE_SENSITIVE.some((d) => touches(path, d))) edge('EXPLOIT_HOST_WRITE', ev);
    if (readOnly && READ_SENSITIVE.some((d) => touches(path, d))) edge('EXPLOIT_HOST_READ', ev);
  }
}

/**
 * "The service-account tokens on the node's disk", for one node or one placement class. Its
 * TOKEN_STEAL edges are added once every pod's host is known (see linkNodeTokens).
 */
function nodeTokens(ctx: WorkloadContext, host: Host): VertexId {
  const scope = host.id.slice(host.id.indexOf(':') + 1);
  const id = hub(ctx.b, 'node-tokens', scope);
  ctx.tokenHubs.set(id, host);
  return id;
}
