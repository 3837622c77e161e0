/**
 * The pods of a snapshot as the attack graph sees them: every live pod, plus a *template pod*
 * for each workload that has no live pod in the input (manifests, a Helm render) — so that a
 * Deployment in a GitOps repository is analysed like the pods it will create.
 *
 * A workload "has live pods" when a pod's controller chain reaches it: Pod → ReplicaSet →
 * Deployment, Pod → Job → CronJob, or Pod → DaemonSet / StatefulSet / ReplicationController.
 * A workload owned by another workload of the input (a Deployment's ReplicaSet, a CronJob's
 * Job) gets no template of its own: its owner's template stands for it.
 */
import {
  ids,
  type ObjectMeta,
  type PodSpec,
  type PodTemplate,
  type Snapshot,
  type VertexId,
} from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import { mayRunOn } from './placement.js';

/** A pod, live or template, with where its spec lives (for evidence pointers). */
export interface EffectivePod {
  id: VertexId;
  namespace: string;
  /** The pod's name, or `<Kind>.<name>` for a template pod (its id segment). */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
  /** Set for a live pod that is bound to a node. */
  nodeName?: string;
  /** The object that holds the spec: the Pod itself, or the workload for a template. */
  owner: { kind: string; name: string };
  /** JSON pointer to the pod spec inside `owner` (`/spec`, `/spec/template/spec`, …). */
  specPath: string;
  isTemplate: boolean;
  /** For template pods of DaemonSets: one pod on every eligible node. */
  isDaemonSet: boolean;
  /** For one replica of a DaemonSet template: the template pod ("any replica") it is one of. */
  replicaOf?: VertexId;
  /** For a DaemonSet template pod: the ids of its replicas, one per node it may run on. */
  replicas?: VertexId[];
  /** A live pod's controller (ownerReferences with controller: true), if any. */
  controller?: { kind: string; name: string };
  /**
   * The workload a live pod belongs to, at the top of its owner chain as far as the input
   * shows it (`Deployment web` over `ReplicaSet web-5d`): one entry for all its pods.
   */
  workload?: string;
  /** A live pod's IPs, when its status has them. */
  podIPs: string[];
}

/** Evidence pointing at a field of a pod's spec: `field` is relative to the spec (`/hostPID`). */
export function podEvidence(pod: EffectivePod, field = ''): Evidence {
  return {
    kind: pod.owner.kind,
    namespace: pod.namespace,
    name: pod.owner.name,
    path: `${pod.specPath}${field}`,
  };
}

const controllerOf = (meta: ObjectMeta) =>
  (meta.ownerReferences ?? []).find((o) => o.controller) ?? meta.ownerReferences?.[0];

type TemplateSource = { kind: string; metadata: ObjectMeta; template: PodTemplate; specPath: string };

/**
 * A workload's pod template. TypeScript's inference of the deeply nested workload schemas
 * loses the exact volume types, though the runtime value is the same PodTemplateSchema output.
 */
const asTemplate = (template: unknown) => template as PodTemplate;

/** Every live pod and every template pod of a snapshot. */
export function effectivePods(snapshot: Snapshot): EffectivePod[] {
  const o = snapshot.objects;
  const pods: EffectivePod[] = [];
  const key = (kind: string, ns: string, name: string) => `${kind}\u0000${ns}\u0000${name}`;

  // Which workloads own which (kind/ns/name → controller kind/name), to walk chains upward.
  const parent = new Map<string, string>();
  const owned = (kind: string, meta: ObjectMeta) => {
    const c = controllerOf(meta);
    if (c)
      parent.set(
        key(kind, meta.namespace ?? 'default', meta.name),
        key(c.kind, meta.namespace ?? 'default', c.name),
      );
  };
  for (const w of o.replicaSets) owned('ReplicaSet', w.metadata);
  for (const w of o.jobs) owned('Job', w.metadata);

  const live = new Set<string>();
  for (const pod of o.pods) {
    const ns = pod.metadata.namespace ?? 'default';
    const c = controllerOf(pod.metadata);
    if (c) {
      // Mark the whole controller chain as having live pods.
      let at: string | undefined = key(c.kind, ns, c.name);
      for (let depth = 0; at && depth < 4; depth++) {
        live.add(at);
        at = parent.get(at);
      }
    }
    let workload: string | undefined;
    if (c && c.kind !== 'Node') {
      let top = key(c.kind, ns, c.name);
      for (let depth = 0; parent.has(top) && depth < 4; depth++) top = parent.get(top)!;
      const [kind, , name] = top.split('\u0000');
      workload = `${kind} ${name}`;
    }
    pods.push({
      id: ids.pod(ns, pod.metadata.name),
      ...(workload ? { workload } : {}),
      namespace: ns,
      name: pod.metadata.name,
      labels: pod.metadata.labels ?? {},
      annotations: pod.metadata.annotations ?? {},
      spec: pod.spec,
      nodeName: pod.spec.nodeName ?? undefined,
      owner: { kind: 'Pod', name: pod.metadata.name },
      specPath: '/spec',
      isTemplate: false,
      isDaemonSet: c?.kind === 'DaemonSet',
      ...(c ? { controller: { kind: c.kind, name: c.name } } : {}),
      podIPs: [
        ...new Set([
          ...(pod.status?.podIPs ?? []).map((x) => x.ip),
          ...(pod.status?.podIP ? [pod.status.podIP] : []),
        ]),
      ],
    });
  }

  // Every workload kind keeps its pod template at spec.template, but a CronJob one level down.
  const withTemplate = [
    ['Deployment', o.deployments],
    ['DaemonSet', o.daemonSets],
    ['StatefulSet', o.statefulSets],
    ['ReplicaSet', o.replicaSets],
    ['ReplicationController', o.replicationControllers],
    ['Job', o.jobs],
  ] as const;
  const sources: TemplateSource[] = [
    ...withTemplate.flatMap(([kind, list]) =>
      list.map((w) => ({
        kind,
        metadata: w.metadata,
        template: asTemplate(w.spec.template),
        specPath: '/spec/template/spec',
      })),
    ),
    ...o.cronJobs.map((w) => ({
      kind: 'CronJob',
      metadata: w.metadata,
      template: asTemplate(w.spec.jobTemplate.spec.template),
      specPath: '/spec/jobTemplate/spec/template/spec',
    })),
  ];
  const present = new Set(
    sources.map((s) => key(s.kind, s.metadata.namespace ?? 'default', s.metadata.name)),
  );
  for (const s of sources) {
    const ns = s.metadata.namespace ?? 'default';
    const k = key(s.kind, ns, s.metadata.name);
    if (live.has(k)) continue;
    const up = parent.get(k);
    if (up && present.has(up)) continue; // its owner's template stands for it
    const name = `${s.kind}.${s.metadata.name}`;
    const template: EffectivePod = {
      id: ids.templatePod(ns, s.kind, s.metadata.name),
      namespace: ns,
      name,
      labels: s.template.metadata?.labels ?? {},
      annotations: s.template.metadata?.annotations ?? {},
      spec: s.template.spec,
      owner: { kind: s.kind, name: s.metadata.name },
      specPath: s.specPath,
      isTemplate: true,
      isDaemonSet: s.kind === 'DaemonSet',
      podIPs: [],
    };
    pods.push(template);
    if (s.kind !== 'DaemonSet') continue;
    // A DaemonSet runs one replica on every node it may run on, and a node controls only its
    // own: one pod a node, bound there, so that root on one node never reaches another's.
    template.replicas = [];
    for (const node of o.nodes) {
      if (!mayRunOn(template.spec, node, true)) continue;
      const replica: EffectivePod = {
        ...template,
        id: ids.daemonSetReplica(ns, s.metadata.name, node.metadata.name),
        name: `${name}@${node.metadata.name}`,
        nodeName: node.metadata.name,
        replicaOf: template.id,
      };
      delete replica.replicas;
      template.replicas.push(replica.id);
      pods.push(replica);
    }
  }
  return pods;
}

/** The service account a pod runs as (`serviceAccountName`, its deprecated alias, or `default`). */
export function podServiceAccount(spec: PodSpec): string {
  return spec.serviceAccountName || spec.serviceAccount || 'default';
}
