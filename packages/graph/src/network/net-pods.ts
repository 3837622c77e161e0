/** Pods and namespaces as the NetworkPolicy evaluator needs them. */
import type { Snapshot } from '@kubepath/model';
import type { EffectivePod } from '../workloads/pods.js';
import type { NetPod, NetPort } from './evaluator.js';
import { addressRange, type IpRange } from './ip-ranges.js';
import type { Protocol } from './connection-set.js';

const METADATA_NAME = 'kubernetes.io/metadata.name';

/**
 * Namespace labels, with the `kubernetes.io/metadata.name` label every namespace carries
 * (set by the API server since 1.21), also for namespaces the input only mentions.
 */
export function namespaceLabeler(
  snapshot: Snapshot,
): (namespace: string) => Readonly<Record<string, string>> {
  const labels = new Map(
    snapshot.objects.namespaces.map((n) => [
      n.metadata.name,
      {
        ...(n.metadata.labels ?? {}),
        [METADATA_NAME]: n.metadata.labels?.[METADATA_NAME] ?? n.metadata.name,
      },
    ]),
  );
  return (namespace) => {
    let l = labels.get(namespace);
    if (!l) labels.set(namespace, (l = { [METADATA_NAME]: namespace }));
    return l;
  };
}

export function toNetPod(pod: EffectivePod): NetPod {
  const ports: NetPort[] = [];
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.containerPort == null) continue;
      const protocol = (p.protocol ?? 'TCP').toUpperCase() as Protocol;
      ports.push({ ...(p.name ? { name: p.name } : {}), port: p.containerPort, protocol });
    }
  }
  return {
    id: pod.id,
    namespace: pod.namespace,
    labels: pod.labels,
    ports,
    ips: pod.podIPs.map(addressRange).filter((r): r is IpRange => r !== null),
    hostNetwork: pod.spec.hostNetwork === true,
  };
}
