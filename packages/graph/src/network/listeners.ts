/**
 * Which containers listen, and on which ports: the endpoints an exploit over the network can
 * land in (DESIGN.md "Network"). A container listens on
 *
 * - each `containerPort` it declares (by number, and by name for a named `targetPort`);
 * - each port a Service that selects its pod sends traffic to (`targetPort`, or `port` when
 *   it has none). Kubernetes routes a numeric targetPort to the pod's IP whether or not a
 *   container declares it, so when none does, every container of the pod may be the one
 *   listening: the step is kept, marked as assumed. A named targetPort only resolves to a
 *   container that declares that name.
 *
 * A container that declares no port and backs no Service is not a network endpoint
 * (KubeHound's semantics: its endpoints come from container ports and Services), so reaching
 * its pod over the network gives no code execution in it.
 */
import type { Service, VertexId } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import { podEvidence, type EffectivePod } from '../workloads/pods.js';
import { podContainers } from '../workloads/workload-graph.js';
import type { ConnectionSet, Protocol } from './connection-set.js';

/** One port a container listens on. */
export interface ListeningPort {
  protocol: Protocol;
  port: number;
}

/** A container that listens, the ports it listens on, and why kubepath thinks so. */
export interface Listener {
  id: VertexId;
  ports: ListeningPort[];
  evidence: Evidence[];
  /** True when no container declares the port a Service sends to: any of them may listen. */
  assumed: boolean;
}

/** A port a Service sends to a pod. */
interface ServiceTarget {
  service: Service;
  index: number;
  target: number | string;
  protocol: Protocol;
}

const protocolOf = (p: { protocol?: string | null | undefined }): Protocol =>
  (p.protocol ?? 'TCP').toUpperCase() as Protocol;

const serviceEvidence = (t: ServiceTarget): Evidence => ({
  kind: 'Service',
  namespace: t.service.metadata.namespace ?? 'default',
  name: t.service.metadata.name,
  path: `/spec/ports/${t.index}`,
});

/** The pods a Service selects (same namespace; a Service without a selector selects none). */
export function serviceBackends(
  svc: Service,
  podsByNamespace: ReadonlyMap<string, readonly EffectivePod[]>,
): EffectivePod[] {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return [];
  // The selector's pairs once per Service, not once per pod it is tried on.
  const pairs = Object.entries(sel);
  return (podsByNamespace.get(svc.metadata.namespace ?? 'default') ?? []).filter((p) =>
    pairs.every(([k, v]) => p.labels[k] === v),
  );
}

/** Every pod's listening containers, worked out once per graph. */
export class ListenerIndex {
  private readonly targets = new Map<EffectivePod, ServiceTarget[]>();
  private readonly cache = new Map<EffectivePod, Listener[]>();
  private readonly named = new Map<EffectivePod, Map<string, { id: VertexId; port: ListeningPort }>>();

  constructor(services: readonly Service[], podsByNamespace: ReadonlyMap<string, readonly EffectivePod[]>) {
    for (const service of services) {
      const backends = serviceBackends(service, podsByNamespace);
      (service.spec?.ports ?? []).forEach((p, index) => {
        const t: ServiceTarget = { service, index, target: p.targetPort ?? p.port, protocol: protocolOf(p) };
        for (const pod of backends) {
          let list = this.targets.get(pod);
          if (!list) this.targets.set(pod, (list = []));
          list.push(t);
        }
      });
    }
  }

  /** The pod's containers that listen, with their ports (declared, and sent to by Services). */
  of(pod: EffectivePod): Listener[] {
    let listeners = this.cache.get(pod);
    if (!listeners) this.cache.set(pod, (listeners = this.compute(pod)));
    return listeners;
  }

  /** The containers that listen on `port` (a number, or a named port) with `protocol`. */
  on(pod: EffectivePod, target: number | string, protocol: Protocol = 'TCP'): Listener[] {
    const port = typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target;
    return this.of(pod).flatMap((l) => {
      const hit = l.ports.filter(
        (p) => p.protocol === protocol && (typeof port === 'number' ? p.port === port : false),
      );
      if (hit.length) return [{ ...l, ports: hit }];
      if (typeof port === 'string') {
        const named = this.namedPorts(pod).get(`${protocol}/${port}`);
        if (named && named.id === l.id) return [{ ...l, ports: [named.port] }];
      }
      return [];
    });
  }

  /** The listeners a connection set reaches: those with a port it allows, with just those ports. */
  reachedBy(pod: EffectivePod, conns: ConnectionSet): Listener[] {
    return this.of(pod).flatMap((l) => {
      const open = l.ports.filter((p) => conns.allows(p.protocol, p.port));
      return open.length ? [{ ...l, ports: open }] : [];
    });
  }

  /** The pod's named ports (`TCP/http` → container and port), worked out once per pod. */
  private namedPorts(pod: EffectivePod): Map<string, { id: VertexId; port: ListeningPort }> {
    let out = this.named.get(pod);
    if (out) return out;
    out = new Map();
    this.named.set(pod, out);
    for (const c of podContainers(pod))
      for (const p of c.container.ports ?? [])
        if (p.name && p.containerPort != null)
          out.set(`${protocolOf(p)}/${p.name}`, {
            id: c.id,
            port: { protocol: protocolOf(p), port: p.containerPort },
          });
    return out;
  }

  private compute(pod: EffectivePod): Listener[] {
    const containers = podContainers(pod);
    const byId = new Map<VertexId, Listener>();
    const add = (id: VertexId, port: ListeningPort, evidence: Evidence, assumed: boolean) => {
      let l = byId.get(id);
      if (!l) byId.set(id, (l = { id, ports: [], evidence: [], assumed }));
      if (!l.ports.some((p) => p.protocol === port.protocol && p.port === port.port)) l.ports.push(port);
      if (!l.evidence.some((e) => e.path === evidence.path && e.name === evidence.name))
        l.evidence.push(evidence);
      l.assumed &&= assumed;
    };
    for (const c of containers)
      (c.container.ports ?? []).forEach((p, i) => {
        if (p.containerPort == null) return;
        add(
          c.id,
          { protocol: protocolOf(p), port: p.containerPort },
          podEvidence(pod, `${c.path}/ports/${i}`),
          false,
        );
      });
    const named = this.namedPorts(pod);
    for (const t of this.targets.get(pod) ?? []) {
      if (typeof t.target === 'string' && !/^\d+$/.test(t.target)) {
        const hit = named.get(`${t.protocol}/${t.target}`);
        if (hit) add(hit.id, hit.port, serviceEvidence(t), false);
        continue; // a named port no container declares routes nowhere
      }
      const port = { protocol: t.protocol, port: Number(t.target) };
      const declaring = containers.filter((c) =>
        (c.container.ports ?? []).some(
          (p) => p.containerPort === port.port && protocolOf(p) === port.protocol,
        ),
      );
      if (declaring.length) for (const c of declaring) add(c.id, port, serviceEvidence(t), false);
      else
        for (const c of containers)
          add(
            c.id,
            port,
            {
              ...serviceEvidence(t),
              note: `no container declares ${port.protocol}/${port.port}: any of the pod's containers may listen`,
            },
            true,
          );
    }
    return [...byId.values()];
  }
}

/** "TCP/8080, TCP/8443": the ports of a listener, for evidence notes. */
export const describePorts = (ports: readonly ListeningPort[]): string =>
  ports.map((p) => `${p.protocol}/${p.port}`).join(', ');
