/** Misconfigurations worth a line in a report, though they are no edge of their own. */
import type { VertexFinding } from '../graph-builder.js';
import { podEvidence, type EffectivePod } from './pods.js';
import type { EffectiveSecurity } from './security-context.js';
import type { PodContainer } from './workload-graph.js';

/** `nginx`, `nginx:latest` and `reg:5000/nginx` run whatever "latest" is today; a digest or a tag pins it. */
export function isUnpinnedImage(image: string | null | undefined): boolean {
  if (!image) return false;
  if (image.includes('@sha256:')) return false;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest';
}

export function containerFindings(
  pod: EffectivePod,
  pc: PodContainer,
  s: EffectiveSecurity,
): VertexFinding[] {
  const c = pc.container;
  const at = (field: string) => podEvidence(pod, `${pc.path}${field}`);
  const out: VertexFinding[] = [];
  const limits = c.resources?.limits ?? {};
  if (!limits.cpu || !limits.memory)
    out.push({
      id: 'no-resource-limits',
      message: 'no CPU or memory limit',
      evidence: at('/resources/limits'),
    });
  if (isUnpinnedImage(c.image))
    out.push({
      id: 'image-latest',
      message: `image ${c.image} is not pinned (latest or no tag)`,
      evidence: at('/image'),
    });
  if (!s.readOnlyRootFilesystem)
    out.push({
      id: 'writable-root-filesystem',
      message: 'the root filesystem is writable',
      evidence: at('/securityContext/readOnlyRootFilesystem'),
    });
  if (s.root === 'root')
    out.push({
      id: 'runs-as-root',
      message: 'runs as root (runAsUser: 0)',
      evidence: at('/securityContext/runAsUser'),
    });
  else if (s.root === 'unknown')
    out.push({
      id: 'may-run-as-root',
      message: 'may run as root: no runAsUser and no runAsNonRoot',
      evidence: at('/securityContext/runAsNonRoot'),
    });
  if (s.allowPrivilegeEscalation && !s.privileged)
    out.push({
      id: 'privilege-escalation',
      message: 'allowPrivilegeEscalation is not false',
      evidence: at('/securityContext/allowPrivilegeEscalation'),
    });
  if (pod.spec.hostIPC)
    out.push({
      id: 'host-ipc',
      message: "shares the host's IPC namespace (hostIPC)",
      evidence: podEvidence(pod, '/hostIPC'),
    });
  return out;
}
