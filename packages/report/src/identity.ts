/**
 * A finding's stable identity: the same problem is the same finding in tomorrow's scan.
 *
 * Made of what the problem is — the kind of entry, the cause (the binding to fix, the pod-spec
 * field, the entry itself) and the crown jewel — never of vertex numbers, hashes or order.
 * Live pods come and go under new names (`web-7d4b9c8f5-x2k9p`): a cause or entry on a pod is
 * named by its workload instead, up its controller chain (Pod → ReplicaSet → Deployment, Job →
 * CronJob), and a ReplicaSet the input lacks is named after its Deployment by stripping the
 * pod's `pod-template-hash` (how the Deployment controller names it:
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label).
 */
import { createHash } from 'node:crypto';
import type { Finding } from '@kubepath/analyzer';
import type { Snapshot } from '@kubepath/model';

type Meta = {
  name: string;
  namespace?: string | null;
  labels?: Record<string, string> | null;
  ownerReferences?: { kind: string; name: string; controller?: boolean | null }[] | null;
};
const controllerOf = (m: Meta) =>
  (m.ownerReferences ?? []).find((o) => o.controller) ?? m.ownerReferences?.[0];

/** `Kind ns/name` of a pod's workload (or the pod itself), for every live pod of a snapshot. */
export function podWorkloads(snapshot: Snapshot): (namespace: string, pod: string) => string | undefined {
  const o = snapshot.objects;
  const parent = new Map<string, { kind: string; name: string }>();
  const key = (kind: string, ns: string, name: string) => `${kind}\u0000${ns}\u0000${name}`;
  for (const w of [
    ...o.replicaSets.map((r) => ['ReplicaSet', r] as const),
    ...o.jobs.map((j) => ['Job', j] as const),
  ]) {
    const meta = w[1].metadata as Meta;
    const c = controllerOf(meta);
    if (c) parent.set(key(w[0], meta.namespace ?? 'default', meta.name), c);
  }
  const byPod = new Map<string, string>();
  for (const pod of o.pods) {
    const meta = pod.metadata as Meta;
    const ns = meta.namespace ?? 'default';
    let at = controllerOf(meta);
    if (!at || at.kind === 'Node') continue; // a static pod's name is stable already
    for (let depth = 0; depth < 4; depth++) {
      const up = parent.get(key(at.kind, ns, at.name));
      if (!up) break;
      at = up;
    }
    const hash = meta.labels?.['pod-template-hash'];
    if (at.kind === 'ReplicaSet' && hash && at.name.endsWith(`-${hash}`))
      at = { kind: 'Deployment', name: at.name.slice(0, -hash.length - 1) };
    byPod.set(`${ns}/${meta.name}`, `${at.kind} ${ns}/${at.name}`);
  }
  return (namespace, name) => byPod.get(`${namespace}/${name}`);
}

/** The finding's cause, with live pods named by their workloads. */
export function stableCause(f: Finding, workloadOf: ReturnType<typeof podWorkloads>): string {
  const ev = f.causeEvidence;
  if (ev?.kind === 'Pod' && ev.namespace) {
    const workload = workloadOf(ev.namespace, ev.name);
    // `CE_PRIV_MOUNT Pod ns/web-7d4-x2k9p/spec/…` → `CE_PRIV_MOUNT Deployment ns/web (pod) /spec/…`
    if (workload) return `${f.cause.split(' ')[0]} ${workload} (pod)${ev.path}`;
  }
  if (f.cause.startsWith('container:') || f.cause.startsWith('pod:')) {
    const entry = f.entries.find((e) => e.id === f.cause);
    const ns = f.cause.slice(f.cause.indexOf(':') + 1).split('/')[0]!;
    if (entry?.workload) return `${f.cause.split(':')[0]} of ${entry.workload} in ${ns}`;
  }
  return f.cause;
}

/** The readable key and its identity. */
export function identityOf(
  f: Finding,
  workloadOf: ReturnType<typeof podWorkloads>,
): { key: string; identity: string } {
  const key = `${f.entryClass} → ${stableCause(f, workloadOf)} → ${f.jewel}${f.assumesExploit ? ' (assumes an exploit)' : ''}`;
  return { key, identity: `kp-${createHash('sha256').update(key).digest('hex').slice(0, 16)}` };
}
