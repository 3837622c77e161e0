/**
 * Known compromised: the pods, containers and nodes a runtime detector (Falco) raised alerts
 * on, and what each already reaches — the crown jewels first, cheapest path first. These lead
 * an analysis: an attacker is already there, so no entry step is assumed.
 */
import type { RuntimeAlert, VertexId } from '@kubepath/model';
import type { GraphIndex } from './graph-index.js';
import { blastRadius, type PathStep } from './queries.js';

export interface CompromisedVertex {
  id: VertexId;
  /** The alerts that name it: rule, priority and time of each (at most 10 listed). */
  alerts: { rule: string; priority?: string; time?: string }[];
  alertCount: number;
  /** The crown jewels it reaches, cheapest first, each with its path. */
  jewels: { id: VertexId; cost: number; path: PathStep[] }[];
  /** Everything it reaches (actors), counted. */
  reaches: number;
}

export interface CompromisedResult {
  compromised: CompromisedVertex[];
  /** Alerts naming nothing in the snapshot, with what they named. */
  unmatched: { line: number; rule: string; names: string }[];
}

/**
 * The pod segments a running pod's name may stand for: itself, and — when the input holds
 * only manifests — the workload template whose controller named it (`web-7d4b9c8f5-x2k9p`:
 * Deployment web; `agent-x2k9p`: DaemonSet, ReplicaSet or Job agent; `db-0`: StatefulSet db).
 */
function podSegments(pod: string): string[] {
  const out = [pod];
  const deployment = pod.match(/^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/);
  if (deployment) out.push(`Deployment.${deployment[1]}`);
  const owned = pod.match(/^(.+)-[a-z0-9]{5}$/);
  if (owned) for (const kind of ['DaemonSet', 'ReplicaSet', 'Job']) out.push(`${kind}.${owned[1]}`);
  const ordinal = pod.match(/^(.+)-\d+$/);
  if (ordinal) out.push(`StatefulSet.${ordinal[1]}`);
  return out;
}

/** The vertex an alert names: the container, else its pod, else the node. */
function vertexOf(index: GraphIndex, a: RuntimeAlert): VertexId | undefined {
  const has = (id: VertexId) => index.numberOf(id) !== undefined;
  if (a.namespace && a.pod) {
    for (const segment of podSegments(a.pod)) {
      const container = a.container ? `container:${a.namespace}/${segment}/${a.container}` : undefined;
      if (container && has(container)) return container;
      if (has(`pod:${a.namespace}/${segment}`)) return `pod:${a.namespace}/${segment}`;
    }
    return undefined;
  }
  if (a.hostname) {
    for (const name of [a.hostname, a.hostname.split('.')[0]!])
      if (has(`node:${name}`)) return `node:${name}`;
  }
  return undefined;
}

const named = (a: RuntimeAlert) =>
  a.namespace
    ? `pod ${a.namespace}/${a.pod}${a.container ? ` container ${a.container}` : ''}`
    : `host ${a.hostname}`;

/** The rule an "owned" mark stands in for: a user said so (the viewer's "mark as owned"). */
export const OWNED_RULE = 'marked as owned';

/**
 * `owned`: vertices a user marked as owned, as BloodHound users do; they lead like an alert's.
 * A mark on a vertex the graph does not have is listed with the unmatched alerts (line 0).
 */
export function knownCompromised(
  index: GraphIndex,
  alerts: readonly RuntimeAlert[],
  owned: readonly VertexId[] = [],
): CompromisedResult {
  const byVertex = new Map<VertexId, RuntimeAlert[]>();
  const unmatched: CompromisedResult['unmatched'] = [];
  for (const id of owned) {
    if (index.numberOf(id) === undefined) {
      unmatched.push({ line: 0, rule: OWNED_RULE, names: id });
      continue;
    }
    const list = byVertex.get(id) ?? [];
    list.push({ rule: OWNED_RULE, line: 0 });
    byVertex.set(id, list);
  }
  for (const a of alerts) {
    const id = vertexOf(index, a);
    if (!id) {
      unmatched.push({ line: a.line, rule: a.rule, names: named(a) });
      continue;
    }
    const list = byVertex.get(id) ?? [];
    list.push(a);
    byVertex.set(id, list);
  }
  const compromised: CompromisedVertex[] = [];
  for (const [id, list] of byVertex) {
    const reached = blastRadius(index, id)?.reached ?? [];
    const jewels = reached
      .filter((r) => r.id.startsWith('target:'))
      .map((r) => ({ id: r.id, cost: r.cost, path: r.path }))
      .sort((x, y) => x.cost - y.cost || (x.id < y.id ? -1 : 1));
    compromised.push({
      id,
      alerts: list.slice(0, 10).map((a) => ({
        rule: a.rule,
        ...(a.priority ? { priority: a.priority } : {}),
        ...(a.time ? { time: a.time } : {}),
      })),
      alertCount: list.length,
      jewels,
      reaches: reached.length,
    });
  }
  compromised.sort(
    (x, y) =>
      (x.jewels[0]?.cost ?? Infinity) - (y.jewels[0]?.cost ?? Infinity) ||
      y.reaches - x.reaches ||
      (x.id < y.id ? -1 : 1),
  );
  return { compromised, unmatched };
}
