/**
 * Pods, containers and nodes (DESIGN.md "Workloads"): what a container holds (its service
 * account token, its secrets), how it escapes to its node (each escape its own edge kind, with
 * the field that enables it), what a node controls (its pods, its kubelet identity, what
 * NodeRestriction lets that identity read), and which nodes are the control plane.
 */
import { shortHash } from '../short-hash.js';
import { CLUSTER_ADMIN, ETCD, ids, type Container, type VertexId } from '@kubepath/model';
import type { Evidence, GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import type { RbacAuthorizer } from '../rbac/authorizer.js';
import { hub } from '../rbac/hubs.js';
import { addContainerEscapes } from './escapes.js';
import { containerFindings } from './findings.js';
import { mayRunOn, placementKey } from './placement.js';
import { podEvidence, podServiceAccount, type EffectivePod } from './pods.js';
import { effectiveSecurity } from './security-context.js';

export interface WorkloadContext {
  b: GraphBuilder;
  inv: Inventory;
  auth: RbacAuthorizer;
  /** node-tokens hubs created by hostPath escapes, linked once every pod's host is known. */
  tokenHubs: Map<VertexId, Host>;
}

/** A container with the path of its list in the pod spec. */
export interface PodContainer {
  container: Container;
  /** `/containers/0`, `/initContainers/1`, `/ephemeralContainers/0` (relative to the pod spec). */
  path: string;
  id: VertexId;
}

/** Where a pod runs: its node, or the placement class of the nodes it may land on. */
export interface Host {
  /** `node:<name>` or `hub:placement/<class>`. */
  id: VertexId;
  /** The nodes behind it. */
  nodes: string[];
  /** True when one of those nodes is a control-plane node. */
  mayBeControlPlane: boolean;
}

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** Control-plane nodes: by role label, or by running the etcd / kube-apiserver static pods. */
export function controlPlaneNodes(inv: Inventory): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  for (const node of inv.snapshot.objects.nodes) {
    const label = CONTROL_PLANE_LABELS.find((l) => Object.hasOwn(node.metadata.labels ?? {}, l));
    if (label)
      out.set(node.metadata.name, {
        kind: 'Node',
        name: node.metadata.name,
        path: `/metadata/labels/${label.replace('/', '~1')}`,
      });
  }
  for (const pod of inv.pods) {
    if (!pod.nodeName || pod.namespace !== 'kube-system' || out.has(pod.nodeName)) continue;
    const component = pod.labels.component;
    if (component === 'etcd' || component === 'kube-apiserver' || /^(etcd|kube-apiserver)-/.test(pod.name)) {
      out.set(pod.nodeName, {
        ...podEvidence(pod),
        path: '/metadata/labels/component',
        note: `runs ${component ?? pod.name}`,
      });
    }
  }
  return out;
}

/**
 * The containers of a pod: regular, init and ephemeral. Kept per pod: the workload, network
 * and Tier Zero rules each ask for them, and one id string per container (instead of one per
 * ask) also makes the builder's lookups of that id cheaper (performance issue).
 */
export function podContainers(pod: EffectivePod): readonly PodContainer[] {
  let containers = CONTAINERS.get(pod);
  if (!containers) CONTAINERS.set(pod, (containers = containersOf(pod)));
  return containers;
}

const CONTAINERS = new WeakMap<EffectivePod, readonly PodContainer[]>();

function containersOf(pod: EffectivePod): PodContainer[] {
  const lists = [
    ['containers', pod.spec.containers],
    ['initContainers', pod.spec.initContainers ?? []],
    ['ephemeralContainers', pod.spec.ephemeralContainers ?? []],
  ] as const;
  return lists.flatMap(([list, containers]) =>
    containers.map((container, i) => ({
      container,
      path: `/${list}/${i}`,
      id: ids.container(pod.namespace, pod.name, container.name),
    })),
  );
}

export function addWorkloadGraph(base: Omit<WorkloadContext, 'tokenHubs'>): void {
  const ctx: WorkloadContext = { ...base, tokenHubs: new Map() };
  const { b, inv } = ctx;
  const nodes = inv.snapshot.objects.nodes;
  const controlPlane = controlPlaneNodes(inv);
  for (const node of nodes) addNode(ctx, node.metadata.name, controlPlane.get(node.metadata.name));
  for (const [ns, names] of inv.secrets) for (const name of names) secretVertex(b, ns, name);

  // Placement classes: one hub "may run on" (pod → nodes) and one "may host" (node → pods).
  const classes = new Map<string, Host & { hosted: VertexId }>();
  const hostOf = (pod: EffectivePod): Host => {
    if (pod.nodeName) {
      const id = addNode(ctx, pod.nodeName, controlPlane.get(pod.nodeName));
      return { id, nodes: [pod.nodeName], mayBeControlPlane: controlPlane.has(pod.nodeName) };
    }
    const key = placementKey(pod.spec, pod.isDaemonSet);
    let cls = classes.get(key);
    if (!cls) {
      const hash = shortHash(key);
      const eligible = nodes.filter((n) => mayRunOn(pod.spec, n, pod.isDaemonSet));
      const id = hub(b, 'placement', hash);
      b.vertices.get(id)!.label =
        `the nodes a ${pod.owner.kind} like ${pod.namespace}/${pod.owner.name} may run on (${eligible.length})`;
      const hosted = hub(b, 'hosted', hash);
      b.vertices.get(hosted)!.label = `pods that may run on any of those ${eligible.length} nodes`;
      for (const n of eligible) {
        const nid = ids.node(n.metadata.name);
        const why: Evidence = {
          ...podEvidence(pod, '/tolerations'),
          note: 'tolerations, nodeSelector and node affinity admit this node',
        };
        b.edge('SCHEDULE_ON_NODE', id, nid, why);
        b.edge('POD_ATTACH', nid, hosted, why);
      }
      if (eligible.length === 0)
        b.note(`no node in the input admits ${pod.id}: its escapes stop at the placement class`);
      cls = {
        id,
        hosted,
        nodes: eligible.map((n) => n.metadata.name),
        mayBeControlPlane: eligible.some((n) => controlPlane.has(n.metadata.name)),
      };
      classes.set(key, cls);
    }
    return cls;
  };

  const hosts = new Map<EffectivePod, Host>();
  for (const pod of inv.pods) {
    b.vertex(pod.id, {
      kind: 'pod',
      namespace: pod.namespace,
      name: pod.name,
      ...(pod.replicaOf ? { replicaOf: pod.replicaOf } : {}),
      ...(pod.replicaOf
        ? { label: `${pod.owner.kind} ${pod.owner.name} on ${pod.nodeName}` }
        : pod.replicas
          ? { label: `${pod.owner.kind} ${pod.owner.name} (any replica)` }
          : pod.isTemplate
            ? { label: `${pod.owner.kind} ${pod.owner.name} (template)` }
            : {}),
    });
    const host = hostOf(pod);
    hosts.set(pod, host);
    if (pod.replicaOf) {
      // A node controls its own replica only; "any replica" (who can exec into the
      // namespace's pods, or owns the image) is each of them, on a node of its choosing.
      b.edge('POD_ATTACH', host.id, pod.id, {
        ...podEvidence(pod),
        note: `the DaemonSet's replica on ${pod.nodeName}`,
      });
      b.edge('DAEMONSET_REPLICA', pod.replicaOf, pod.id, {
        ...podEvidence(pod),
        note: `tolerations, nodeSelector and node affinity admit ${pod.nodeName}`,
      });
    } else if (pod.nodeName) b.edge('POD_ATTACH', host.id, pod.id, podEvidence(pod, '/nodeName'));
    else if (!pod.replicas)
      b.edge(
        'POD_ATTACH',
        classes.get(placementKey(pod.spec, pod.isDaemonSet))!.hosted,
        pod.id,
        podEvidence(pod),
      );
    addContainers(ctx, pod, host);
  }
  linkNodeTokens(ctx, hosts);
  addNodeRestriction(ctx);
}

/**
 * A node-tokens hub reaches the service account of every pod that holds a token and may run
 * on one of its nodes: pods bound there, and unscheduled or template pods whose placement
 * admits one of them (they may be co-located, so the tokens may lie on the same disk).
 */
function linkNodeTokens(ctx: WorkloadContext, hosts: Map<EffectivePod, Host>): void {
  const { b, inv } = ctx;
  if (ctx.tokenHubs.size === 0) return;
  // Unscheduled and template pods, grouped by placement class (few classes, many pods).
  const byClass = new Map<Host, { nodes: Set<string>; pods: EffectivePod[] }>();
  for (const [pod, host] of hosts) {
    if (pod.nodeName) continue;
    const entry = byClass.get(host) ?? { nodes: new Set(host.nodes), pods: [] };
    entry.pods.push(pod);
    byClass.set(host, entry);
  }
  for (const [id, host] of ctx.tokenHubs) {
    const seen = new Set<VertexId>();
    const steal = (pod: EffectivePod, where: string) => {
      if (!automounts(ctx, pod).mounted) return;
      const name = podServiceAccount(pod.spec);
      const sa = b.vertex(ids.serviceAccount(pod.namespace, name), {
        kind: 'sa',
        namespace: pod.namespace,
        name,
      });
      if (seen.has(sa)) return;
      seen.add(sa);
      b.edge('TOKEN_STEAL', id, sa, {
        ...podEvidence(pod, '/serviceAccountName'),
        note: `its token lies under /var/lib/kubelet/pods on ${where}`,
      });
    };
    for (const node of host.nodes) for (const pod of inv.podsByNode.get(node) ?? []) steal(pod, node);
    for (const { nodes, pods } of byClass.values()) {
      const shared = host.nodes.find((n) => nodes.has(n));
      if (shared !== undefined) for (const pod of pods) steal(pod, `a node it may run on (${shared})`);
    }
  }
}

/** A node vertex, its kubelet identity, and the crown jewels of a control-plane node. */
function addNode(ctx: WorkloadContext, name: string, controlPlane: Evidence | undefined): VertexId {
  const { b } = ctx;
  const id = ids.node(name);
  if (b.hasVertex(id)) return id;
  b.vertex(id, { kind: 'node', name, ...(controlPlane ? { label: `${name} (control plane)` } : {}) });
  const user = b.vertex(ids.nodeUser(name), { kind: 'user', name: `system:node:${name}` });
  b.edge('IDENTITY_ASSUME', id, user, {
    kind: 'Node',
    name,
    path: '',
    note: 'the kubelet credentials on the node (/var/lib/kubelet, /etc/kubernetes)',
  });
  if (controlPlane) {
    b.edge('CLUSTER_ADMIN', id, CLUSTER_ADMIN, {
      ...controlPlane,
      note: 'a control-plane node holds admin.conf and the cluster CA key',
    });
    b.edge('ETCD_ACCESS', id, ETCD, {
      ...controlPlane,
      note: "a control-plane node holds etcd's data and client certificates",
    });
  }
  return id;
}

/** True when the pod's service-account token is mounted into every container. */
export function automounts(
  ctx: WorkloadContext,
  pod: EffectivePod,
): { mounted: boolean; evidence: Evidence } {
  const saName = podServiceAccount(pod.spec);
  if (pod.spec.automountServiceAccountToken != null) {
    return {
      mounted: pod.spec.automountServiceAccountToken,
      evidence: podEvidence(pod, '/automountServiceAccountToken'),
    };
  }
  const sa = ctx.inv.serviceAccountObjects.get(`${pod.namespace}/${saName}`);
  if (sa?.automountServiceAccountToken != null) {
    return {
      mounted: sa.automountServiceAccountToken,
      evidence: {
        kind: 'ServiceAccount',
        namespace: pod.namespace,
        name: saName,
        path: '/automountServiceAccountToken',
      },
    };
  }
  return {
    mounted: true,
    evidence: { ...podEvidence(pod, '/serviceAccountName'), note: 'the token is mounted by default' },
  };
}

function addContainers(ctx: WorkloadContext, pod: EffectivePod, host: Host): void {
  const { b } = ctx;
  const containers = podContainers(pod);
  const saId = b.vertex(ids.serviceAccount(pod.namespace, podServiceAccount(pod.spec)), {
    kind: 'sa',
    namespace: pod.namespace,
    name: podServiceAccount(pod.spec),
  });
  const token = automounts(ctx, pod);
  const volumes = new Map(
    (pod.spec.volumes ?? []).map((v, i) => [v.name, { volume: v, path: `/volumes/${i}` }]),
  );

  for (const pc of containers) {
    const { container, path, id } = pc;
    const security = effectiveSecurity(pod.spec, container, pod.annotations);
    b.vertex(id, {
      kind: 'container',
      namespace: pod.namespace,
      name: container.name,
      label: `${pod.name}/${container.name}`,
      findings: containerFindings(pod, pc, security),
      ...(pod.replicaOf ? { replicaOf: pod.replicaOf } : {}),
      ...(pod.workload ? { workload: `${pod.workload}/${container.name}` } : {}),
    });
    b.edge('CONTAINER_ATTACH', pod.id, id, podEvidence(pod, path));

    let holdsToken = token.mounted;
    let tokenEvidence = token.evidence;
    for (const [m, mount] of (container.volumeMounts ?? []).entries()) {
      const v = volumes.get(mount.name);
      if (!v) continue;
      const sources = v.volume.projected?.sources ?? [];
      sources.forEach((src, s) => {
        if (src.serviceAccountToken) {
          holdsToken = true;
          tokenEvidence = podEvidence(pod, `${v.path}/projected/sources/${s}/serviceAccountToken`);
        }
        if (src.secret?.name)
          b.edge(
            'SECRET_MOUNT',
            id,
            secretVertex(b, pod.namespace, src.secret.name),
            podEvidence(pod, `${v.path}/projected/sources/${s}/secret`),
          );
      });
      if (v.volume.secret?.secretName)
        b.edge('SECRET_MOUNT', id, secretVertex(b, pod.namespace, v.volume.secret.secretName), [
          podEvidence(pod, `${v.path}/secret/secretName`),
          podEvidence(pod, `${path}/volumeMounts/${m}`),
        ]);
    }
    for (const [e, env] of (container.env ?? []).entries()) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref?.name)
        b.edge(
          'SECRET_MOUNT',
          id,
          secretVertex(b, pod.namespace, ref.name),
          podEvidence(pod, `${path}/env/${e}/valueFrom/secretKeyRef`),
        );
    }
    for (const [e, env] of (container.envFrom ?? []).entries()) {
      if (env.secretRef?.name)
        b.edge(
          'SECRET_MOUNT',
          id,
          secretVertex(b, pod.namespace, env.secretRef.name),
          podEvidence(pod, `${path}/envFrom/${e}/secretRef`),
        );
    }
    if (holdsToken) b.edge('IDENTITY_ASSUME', id, saId, tokenEvidence);
    addContainerEscapes(ctx, pod, pc, security, host, volumes, holdsToken);
  }

  // shareProcessNamespace: each running container sees the others' processes (not init containers, which ran before).
  if (pod.spec.shareProcessNamespace) {
    const running = containers.filter((c) => !c.path.startsWith('/initContainers'));
    for (const x of running)
      for (const y of running)
        if (x !== y) b.edge('SHARE_PS_NAMESPACE', x.id, y.id, podEvidence(pod, '/shareProcessNamespace'));
  }
  if (pod.spec.hostNetwork) {
    for (const c of containers)
      b.edge(
        'HOST_NETWORK',
        c.id,
        hub(b, 'node-network', host.id.slice(host.id.indexOf(':') + 1)),
        podEvidence(pod, '/hostNetwork'),
      );
  }
}

function secretVertex(b: GraphBuilder, namespace: string, name: string): VertexId {
  return b.vertex(ids.secret(namespace, name), { kind: 'secret', namespace, name });
}

/**
 * NodeRestriction: a kubelet may read the secrets its pods use and request tokens for their
 * service accounts, nothing else. https://kubernetes.io/docs/reference/access-authn-authz/node/
 */
function addNodeRestriction(ctx: WorkloadContext): void {
  const { b, inv } = ctx;
  for (const [node, pods] of inv.podsByNode) {
    const user = b.vertex(ids.nodeUser(node), { kind: 'user', name: `system:node:${node}` });
    for (const pod of pods) {
      const ev: Evidence = {
        ...podEvidence(pod, '/nodeName'),
        note: `the Node authorizer lets ${node} read what this pod uses`,
      };
      b.edge(
        'NODE_SECRET_READ',
        user,
        b.vertex(ids.serviceAccount(pod.namespace, podServiceAccount(pod.spec)), {
          kind: 'sa',
          namespace: pod.namespace,
          name: podServiceAccount(pod.spec),
        }),
        ev,
      );
      for (const v of pod.spec.volumes ?? [])
        if (v.secret?.secretName)
          b.edge('NODE_SECRET_READ', user, secretVertex(b, pod.namespace, v.secret.secretName), ev);
      for (const c of pod.spec.containers) {
        for (const e of c.env ?? [])
          if (e.valueFrom?.secretKeyRef?.name)
            b.edge(
              'NODE_SECRET_READ',
              user,
              secretVertex(b, pod.namespace, e.valueFrom.secretKeyRef.name),
              ev,
            );
        for (const e of c.envFrom ?? [])
          if (e.secretRef?.name)
            b.edge('NODE_SECRET_READ', user, secretVertex(b, pod.namespace, e.secretRef.name), ev);
      }
    }
  }
}
