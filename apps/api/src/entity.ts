/**
 * The entity panel of one vertex, as BloodHound users explore: what the vertex is (the object
 * it stands for and its security-relevant properties), what it connects to, counted by edge
 * kind in each direction (an identity's group memberships and bindings; the pods that run as
 * it and who can become it), the rules each of its bindings grants, and the crown jewels it
 * reaches, cheapest first. Everything comes from the snapshot and the graph already built:
 * secrets are metadata, env values were never kept.
 */
import { blastRadius, jewels, type GraphIndex } from '@kubepath/analyzer';
import { RoleIndex } from '@kubepath/graph';
import type { Container, PolicyRule, Snapshot, Volume } from '@kubepath/model';
import { findObject } from './object-view.js';

/** At most this many neighbours are listed per section; the count is always the true one. */
export const SECTION_LIMIT = 50;

export interface EntitySection {
  direction: 'out' | 'in';
  kind: string;
  count: number;
  vertices: { id: string; kind: string; label: string }[];
}

export interface Entity {
  id: string;
  kind: string;
  label: string;
  namespace?: string;
  tierZero?: string;
  crownJewel?: string;
  /** The object the vertex stands for, for "view object". */
  object?: { kind: string; namespace?: string; name: string };
  properties: { name: string; value: string }[];
  sections: EntitySection[];
  /** For a binding, or an identity's bindings: the role and the rules it grants. */
  grants: { binding: string; role: string; rules: PolicyRule[] }[];
  jewels: { id: string; cost: number; assumesExploit?: boolean }[];
  jewelsTruncated?: boolean;
}

const WORKLOAD = /^(Deployment|DaemonSet|StatefulSet|ReplicaSet|ReplicationController|Job|CronJob)\.(.+)$/;

/** The Kubernetes object a vertex id stands for, when it stands for one. */
export function objectOfVertex(id: string): { kind: string; namespace?: string; name: string } | undefined {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  const [namespace, name] = rest.includes('/')
    ? [rest.slice(0, rest.indexOf('/')), rest.slice(rest.indexOf('/') + 1)]
    : [undefined, rest];
  const simple: Record<string, string> = {
    sa: 'ServiceAccount',
    binding: 'RoleBinding',
    clusterbinding: 'ClusterRoleBinding',
    secret: 'Secret',
    service: 'Service',
    node: 'Node',
  };
  if (simple[kind]) return { kind: simple[kind], ...(namespace ? { namespace } : {}), name };
  if ((kind === 'pod' || kind === 'container') && namespace) {
    const podPart = kind === 'container' ? name.slice(0, name.lastIndexOf('/')) : name;
    const workload = WORKLOAD.exec(podPart);
    // A DaemonSet's replica on one node is `DaemonSet.<name>@<node>`: the object is the DaemonSet.
    return workload
      ? { kind: workload[1]!, namespace, name: workload[2]!.replace(/@[^@]*$/, '') }
      : { kind: 'Pod', namespace, name: podPart };
  }
  return undefined;
}

interface PodSpecLike {
  serviceAccountName?: string | null;
  serviceAccount?: string | null;
  nodeName?: string | null;
  automountServiceAccountToken?: boolean | null;
  hostPID?: boolean | null;
  hostIPC?: boolean | null;
  hostNetwork?: boolean | null;
  containers?: Container[] | null;
  initContainers?: Container[] | null;
  volumes?: Volume[] | null;
}

function podSpecOf(o: Record<string, unknown>, kind: string): PodSpecLike | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (kind === 'Pod') return spec as PodSpecLike;
  if (kind === 'CronJob')
    return (spec.jobTemplate as { spec?: { template?: { spec?: PodSpecLike } } } | undefined)?.spec?.template
      ?.spec;
  return (spec.template as { spec?: PodSpecLike } | undefined)?.spec;
}

/** The fields of a pod spec (and of one container, for a container vertex) that matter to an attacker. */
function podProperties(
  spec: PodSpecLike,
  containerName: string | undefined,
): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '' && value !== false)
      out.push({ name, value: String(value) });
  };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const shown = containerName ? containers.filter((c) => c.name === containerName) : containers;
  for (const c of shown) {
    const prefix = containerName ? '' : `${c.name}: `;
    add(`${prefix}image`, c.image);
    add(`${prefix}privileged`, c.securityContext?.privileged);
    add(`${prefix}allowPrivilegeEscalation`, c.securityContext?.allowPrivilegeEscalation);
    add(`${prefix}runAsUser`, c.securityContext?.runAsUser ?? undefined);
    add(`${prefix}capabilities.add`, c.securityContext?.capabilities?.add?.join(', '));
    add(
      `${prefix}ports`,
      c.ports?.map((p) => `${p.containerPort ?? '?'}${p.name ? ` (${p.name})` : ''}`).join(', '),
    );
  }
  add('serviceAccountName', spec.serviceAccountName ?? spec.serviceAccount ?? 'default');
  add('automountServiceAccountToken', spec.automountServiceAccountToken === false ? 'false' : undefined);
  add('node', spec.nodeName);
  add('hostPID', spec.hostPID);
  add('hostIPC', spec.hostIPC);
  add('hostNetwork', spec.hostNetwork);
  const volumes = spec.volumes ?? [];
  add('hostPath volumes', volumes.flatMap((v) => (v.hostPath ? [v.hostPath.path] : [])).join(', '));
  add(
    'secrets mounted',
    volumes
      .flatMap((v) => [
        ...(v.secret?.secretName ? [v.secret.secretName] : []),
        ...(v.projected?.sources ?? []).flatMap((s) => (s.secret?.name ? [s.secret.name] : [])),
      ])
      .join(', '),
  );
  return out;
}

function objectProperties(
  kind: string,
  o: Record<string, unknown>,
  vertexId: string,
): { name: string; value: string }[] {
  const podSpec = podSpecOf(o, kind);
  if (podSpec && (vertexId.startsWith('pod:') || vertexId.startsWith('container:')))
    return podProperties(
      podSpec,
      vertexId.startsWith('container:') ? vertexId.slice(vertexId.lastIndexOf('/') + 1) : undefined,
    );
  const out: { name: string; value: string }[] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') out.push({ name, value: String(value) });
  };
  if (kind === 'ServiceAccount')
    add(
      'automountServiceAccountToken',
      (o as { automountServiceAccountToken?: boolean }).automountServiceAccountToken ?? 'true (default)',
    );
  if (kind === 'Secret') {
    add('type', o.type);
    add('keys', (o.keys as string[] | undefined)?.join(', '));
  }
  if (kind === 'Service') {
    const spec = o.spec as { type?: string; ports?: { port?: number; protocol?: string }[] } | undefined;
    add('type', spec?.type ?? 'ClusterIP');
    add('ports', spec?.ports?.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', '));
  }
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const ref = o.roleRef as { kind: string; name: string };
    add('roleRef', `${ref.kind} ${ref.name}`);
    add('subjects', (o.subjects as unknown[] | undefined)?.length ?? 0);
  }
  return out;
}

/** The rules a binding object grants, aggregation expanded. */
function grantOf(roles: RoleIndex, binding: Record<string, unknown>, bindingId: string) {
  const ref = binding.roleRef as { kind: string; name: string };
  const ns = (binding.metadata as { namespace?: string }).namespace;
  const rules = ref.kind === 'Role' && ns ? roles.role(ns, ref.name) : roles.clusterRole(ref.name);
  return {
    binding: bindingId,
    role: `${ref.kind} ${ref.kind === 'Role' && ns ? `${ns}/` : ''}${ref.name}`,
    rules: (rules ?? []).slice(0, SECTION_LIMIT).map((r) => r.rule),
  };
}

/** The entity panel of `id`, or null when the graph has no such vertex. */
export function entityOf(
  index: GraphIndex,
  snapshot: Snapshot,
  roles: RoleIndex,
  id: string,
  budgetMs: number,
): Entity | null {
  const v = index.numberOf(id);
  if (v === undefined) return null;
  const a = index.attributes[v]!;
  const sections = new Map<string, EntitySection>();
  // Each neighbour once per section, however many parallel edges of that kind join them.
  const counted = new Map<string, Set<number>>();
  const add = (direction: 'out' | 'in', e: number) => {
    const r = index.edges[e]!;
    const other = direction === 'out' ? index.edgeTo[e]! : index.edgeFrom[e]!;
    const key = `${direction} ${r.kind}`;
    let section = sections.get(key);
    if (!section) {
      sections.set(key, (section = { direction, kind: r.kind, count: 0, vertices: [] }));
      counted.set(key, new Set());
    }
    if (counted.get(key)!.has(other)) return;
    counted.get(key)!.add(other);
    section.count++;
    if (section.vertices.length < SECTION_LIMIT) {
      const o = index.attributes[other]!;
      section.vertices.push({ id: index.ids[other]!, kind: o.kind, label: o.label ?? o.name });
    }
  };
  for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!)) add('out', e);
  for (const e of index.inEdges.subarray(index.inStart[v]!, index.inStart[v + 1]!)) add('in', e);

  const object = objectOfVertex(id);
  const found = object && findObject(snapshot, object)?.object;
  const properties = found ? objectProperties(object.kind, found, id) : [];

  // The bindings: the vertex itself, or the ones an identity holds (PERMISSION_DISCOVER).
  const bindingIds =
    a.kind === 'binding' || a.kind === 'clusterbinding'
      ? [id]
      : (sections.get('out PERMISSION_DISCOVER')?.vertices.map((x) => x.id) ?? []);
  const grants = bindingIds.flatMap((b) => {
    const ref = objectOfVertex(b);
    const binding = ref && findObject(snapshot, ref)?.object;
    return binding ? [grantOf(roles, binding, b)] : [];
  });

  // The crown jewels as findings define them (cluster-admin, etcd, the user's own).
  const crownJewels = new Set(jewels(index).map((j) => index.ids[j]!));
  const reached = blastRadius(index, id, { budgetMs, maxResults: 100_000 });
  const jewelsReached = (reached?.reached ?? [])
    .filter((r) => crownJewels.has(r.id))
    .map((r) => ({ id: r.id, cost: r.cost, ...(r.assumesExploit ? { assumesExploit: true } : {}) }));

  return {
    id,
    kind: a.kind,
    label: a.label ?? a.name,
    ...(a.namespace ? { namespace: a.namespace } : {}),
    ...(a.tierZero ? { tierZero: a.tierZero } : {}),
    ...(a.crownJewel ? { crownJewel: a.crownJewel } : {}),
    ...(found && object ? { object } : {}),
    properties,
    sections: [...sections.values()].sort((x, y) =>
      x.direction === y.direction
        ? y.count - x.count || x.kind.localeCompare(y.kind)
        : x.direction === 'out'
          ? -1
          : 1,
    ),
    grants,
    jewels: jewelsReached,
    ...(reached?.truncated ? { jewelsTruncated: true } : {}),
  };
}
