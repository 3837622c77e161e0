/**
 * The viewer's library of pre-built queries, each answered with a count and its first items:
 * the questions a security team asks first (BloodHound ships the same idea). Each is one of
 * the engine's searches with a filter, so its answer is the CLI's answer too:
 *
 * - internet → crown jewels: the blast radius of `external:internet`, jewels only;
 * - who can exec into or create pods in kube-system: who reaches those permission hubs;
 * - containers that can escape to their node (privileged, hostPath, hostPID…): the containers
 *   with an escape edge, and how many kinds of escape each has;
 * - service accounts that are cluster-admin outright (cost 0);
 * - identities that read every secret (cost ≤ 1 to the cluster-wide secrets hub);
 * - workloads reachable from the internet: one exploit step behind an exposed Service;
 * - kubelets reachable from pods (kube-bench said they answer), and from how many containers.
 */
import {
  ACTOR_KINDS,
  blastRadius,
  jewels,
  whoCanReach,
  type GraphIndex,
  type ReachEntry,
} from '@kubepath/analyzer';
import { EDGE_CATALOG, type VertexKind } from '@kubepath/model';

/** Items listed per query; the count is always the whole. */
export const QUERY_ITEMS = 10;

export interface PrebuiltQuery {
  id: string;
  title: string;
  description: string;
  count: number;
  truncated?: boolean;
  items: { id: string; cost?: number; detail?: string }[];
  /** Where the whole answer is: a who-can-reach of `target`, or a blast radius of `source`. */
  open?: { view: 'reach'; target: string } | { view: 'blast'; source: string };
}

const IDENTITIES: VertexKind[] = ['sa', 'user', 'group'];
/** Container escapes: the catalog's edge kinds from a container to its node. */
const ESCAPES = new Set(
  Object.entries(EDGE_CATALOG)
    .filter(
      ([, spec]) =>
        (spec.from as readonly string[]).includes('container') &&
        (spec.to as readonly string[]).includes('node'),
    )
    .map(([kind]) => kind),
);

const entries = (list: ReachEntry[]) =>
  list
    .slice(0, QUERY_ITEMS)
    .map((e) => ({ id: e.id, cost: e.cost, ...(e.assumesExploit ? { detail: 'assumes an exploit' } : {}) }));

/** The identities that reach any of `targets`, each once at its cheapest. */
function reachersOf(index: GraphIndex, targets: string[], limits: { budgetMs: number; maxCost?: number }) {
  const best = new Map<string, ReachEntry>();
  let truncated = false;
  for (const target of targets) {
    if (index.numberOf(target) === undefined) continue;
    const r = whoCanReach(index, target, { ...limits, kinds: IDENTITIES, maxResults: 100_000 });
    truncated ||= !!r.truncated;
    for (const s of r.sources) if (!best.has(s.id) || best.get(s.id)!.cost > s.cost) best.set(s.id, s);
  }
  const list = [...best.values()].sort((a, b) => a.cost - b.cost || a.id.localeCompare(b.id));
  return { list, truncated };
}

/** A link to the whole answer: who reaches the first of `targets` the graph has (none: no link). */
function openReach(index: GraphIndex, targets: string[]): Pick<PrebuiltQuery, 'open'> {
  const target = targets.find((t) => index.numberOf(t) !== undefined);
  return target ? { open: { view: 'reach', target } } : {};
}

export function prebuiltQueries(index: GraphIndex, budgetMs: number): PrebuiltQuery[] {
  const out: PrebuiltQuery[] = [];

  const fromInternet =
    index.numberOf('external:internet') !== undefined
      ? blastRadius(index, 'external:internet', { budgetMs, maxResults: 100_000, kinds: ACTOR_KINDS })
      : null;
  const crownJewels = new Set(jewels(index).map((j) => index.ids[j]!));
  const reachedJewels = (fromInternet?.reached ?? []).filter((r) => crownJewels.has(r.id));
  out.push({
    id: 'internet-to-jewels',
    title: 'The internet → crown jewels',
    description: 'Crown jewels an attacker on the internet reaches, cheapest first.',
    count: reachedJewels.length,
    ...(fromInternet?.truncated ? { truncated: true } : {}),
    items: entries(reachedJewels),
    open: { view: 'blast', source: 'external:internet' },
  });

  const kubeSystem = reachersOf(index, ['hub:exec/kube-system', 'hub:pod-create/kube-system'], {
    budgetMs,
    maxCost: 1,
  });
  out.push({
    id: 'kube-system-pods',
    title: 'Who can exec into or create pods in kube-system',
    description:
      'Identities one permission away from running code in kube-system (pods/exec, or creating a pod).',
    count: kubeSystem.list.length,
    ...(kubeSystem.truncated ? { truncated: true } : {}),
    items: entries(kubeSystem.list),
    ...openReach(index, ['hub:exec/kube-system', 'hub:pod-create/kube-system']),
  });

  const escapes: { id: string; kinds: Set<string> }[] = [];
  index.attributes.forEach((a, v) => {
    if (a.kind !== 'container') return;
    const kinds = new Set<string>();
    for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!))
      if (ESCAPES.has(index.edges[e]!.kind)) kinds.add(index.edges[e]!.kind);
    if (kinds.size) escapes.push({ id: index.ids[v]!, kinds });
  });
  escapes.sort((a, b) => b.kinds.size - a.kinds.size || a.id.localeCompare(b.id));
  out.push({
    id: 'node-escapes',
    title: 'Containers that can escape to their node',
    description:
      'Privileged, hostPID, hostPath or container-runtime-socket containers; each item opens what it reaches.',
    count: escapes.length,
    items: escapes.slice(0, QUERY_ITEMS).map((e) => ({ id: e.id, detail: [...e.kinds].sort().join(', ') })),
  });

  const admins =
    index.numberOf('target:cluster-admin') !== undefined
      ? whoCanReach(index, 'target:cluster-admin', {
          budgetMs,
          kinds: ['sa'],
          maxCost: 0,
          maxResults: 100_000,
        })
      : { sources: [] as ReachEntry[], truncated: undefined };
  out.push({
    id: 'cluster-admin-accounts',
    title: 'Service accounts that are cluster-admin',
    description:
      'Service accounts bound to cluster-admin (or every verb on every resource) outright: anyone with their token owns the cluster.',
    count: admins.sources.length,
    ...(admins.truncated ? { truncated: true } : {}),
    items: entries(admins.sources),
    ...openReach(index, ['target:cluster-admin']),
  });

  const secrets = reachersOf(index, ['hub:secrets'], { budgetMs, maxCost: 1 });
  out.push({
    id: 'read-all-secrets',
    title: 'Identities that read every secret',
    description:
      'Identities that can get, list or watch Secrets cluster-wide (every service-account token with them).',
    count: secrets.list.length,
    ...(secrets.truncated ? { truncated: true } : {}),
    items: entries(secrets.list),
    ...openReach(index, ['hub:secrets']),
  });

  // One exploit step behind what the internet reaches directly (an exposed Service or pod).
  const exposed = new Map<string, string>();
  const internet = index.numberOf('external:internet');
  if (internet !== undefined)
    for (const e of index.outEdges.subarray(index.outStart[internet]!, index.outStart[internet + 1]!)) {
      const front = index.edgeTo[e]!;
      for (const f of index.outEdges.subarray(index.outStart[front]!, index.outStart[front + 1]!)) {
        const to = index.edgeTo[f]!;
        if (index.attributes[to]!.kind === 'container' && !exposed.has(index.ids[to]!))
          exposed.set(index.ids[to]!, `via ${index.ids[front]}`);
      }
    }
  out.push({
    id: 'internet-workloads',
    title: 'Workloads reachable from the internet',
    description:
      'Containers behind an internet-facing Service or node port: the first step of every outside attack.',
    count: exposed.size,
    items: [...exposed].slice(0, QUERY_ITEMS).map(([id, detail]) => ({ id, detail })),
  });

  const kubelets = index.select('hub:kubelet/*');
  const fromPods = kubelets.map((k) => {
    const r = whoCanReach(index, index.ids[k]!, {
      budgetMs,
      kinds: ['container'],
      maxCost: 1,
      maxResults: 100_000,
    });
    return { id: index.ids[k]!, reachers: r.sources.length };
  });
  out.push({
    id: 'kubelets-from-pods',
    title: 'Kubelets reachable from pods',
    description:
      'Kubelets that answer without authentication (from kube-bench evidence), and how many containers reach their port.',
    count: fromPods.filter((k) => k.reachers > 0).length,
    items: fromPods
      .filter((k) => k.reachers > 0)
      .sort((a, b) => b.reachers - a.reachers)
      .slice(0, QUERY_ITEMS)
      .map((k) => ({ id: k.id, detail: `${k.reachers} containers` })),
  });
  return out;
}
