/**
 * Words for vertices and paths. A path reads as the things it passes through ("the internet →
 * Service shop/storefront → container shop/storefront/web → …"), not as edge kinds, and paths
 * that differ only in which of several alike vertices they pass through are one line:
 * "via container monitoring/kube-proxy/proxy or container monitoring/node-agent/agent".
 */
import type { NodeData, PathsAnswer, PathStep } from '../api/types.js';

const KIND_WORD: Record<string, string> = {
  sa: 'service account',
  user: 'user',
  group: 'group',
  pod: 'pod',
  container: 'container',
  node: 'node',
  secret: 'secret',
  service: 'Service',
  binding: 'RoleBinding',
  clusterbinding: 'ClusterRoleBinding',
  netclass: 'pods',
  cloud: 'cloud',
};

const inNamespace = (n: NodeData, name: string) => (n.namespace ? `${n.namespace}/${name}` : name);

/**
 * The vertex in words, for lists: its kind and its name in its namespace. A container is named
 * by its workload (`Deployment.storefront/web` → `storefront/web`); hubs, targets and the
 * internet by their label, which already says what they are.
 */
export function vertexText(n: NodeData): string {
  switch (n.kind) {
    case 'external':
    case 'hub':
      return n.label;
    case 'target':
      return n.name;
    case 'container':
      return `container ${inNamespace(n, n.label.replace(/^[A-Za-z]+\./, ''))}`;
    case 'pod':
      return `pod ${inNamespace(n, n.label.replace(/^(\w+) (\S+) \(any replica\)$/, '$2').replace(/^[A-Za-z]+\./, ''))}`;
    case 'service':
      return `Service ${inNamespace(n, n.name)}`;
    default:
      return `${KIND_WORD[n.kind] ?? n.kind} ${inNamespace(n, n.name)}`;
  }
}

/**
 * The text under a vertex in the drawing: short (the shape says the kind), the name in its
 * namespace; a binding by its own name (its label is the role it grants).
 */
export function vertexLabel(n: NodeData): string {
  if (n.kind === 'binding' || n.kind === 'clusterbinding') return inNamespace(n, n.name);
  const text = vertexText(n);
  const word = KIND_WORD[n.kind];
  return word && text.startsWith(`${word} `) ? text.slice(word.length + 1) : text;
}

/** One line of the path list: paths of the same cost and shape, and what varies among them. */
export interface PathGroup {
  cost: number;
  /** Indices into the answer's paths, cheapest first. */
  members: number[];
  /** Per position along the path, the distinct vertices there (one when all members agree). */
  stops: string[][];
  kinds: string[];
  assumesExploit: boolean;
}

/** Positions where two vertex lists differ (same length). */
const differences = (a: readonly string[], b: readonly string[]) =>
  a.flatMap((id, i) => (id === b[i] ? [] : [i]));

/**
 * Paths that are alike: the same cost, steps and vertex kinds, differing only in one run of at
 * most two adjacent vertices (a pod and its container, say) — any more and they are different
 * paths, read better apart. Groups keep the answer's order (cheapest first).
 */
export function groupPaths(answer: PathsAnswer): PathGroup[] {
  const nodes = new Map(answer.elements.nodes.map((n) => [n.data.id, n.data]));
  const kindOf = (id: string) => nodes.get(id)?.kind ?? id.split(':')[0]!;
  const textOf = (id: string) => {
    const n = nodes.get(id);
    return n ? vertexText(n) : id;
  };
  const vertices = (path: PathStep[]) => (path.length ? [path[0]!.from, ...path.map((s) => s.to)] : []);
  const groups: (PathGroup & { key: string; first: string[]; vary: number[] | null })[] = [];
  answer.paths.forEach((p, i) => {
    const ids = vertices(p.path);
    const key = JSON.stringify([p.cost, p.path.map((s) => s.kind), ids.map(kindOf)]);
    let group = groups.find((g) => {
      if (g.key !== key) return false;
      const diff = differences(g.first, ids);
      const run =
        diff.length > 0 && diff.length <= 2 && diff[diff.length - 1]! - diff[0]! === diff.length - 1;
      return run && (g.vary === null || JSON.stringify(g.vary) === JSON.stringify(diff));
    });
    if (group) group.vary = differences(group.first, ids);
    else {
      group = {
        key,
        first: ids,
        vary: null,
        cost: p.cost,
        members: [],
        stops: ids.map(() => []),
        kinds: p.path.map((s) => s.kind),
        assumesExploit: false,
      };
      groups.push(group);
    }
    group.members.push(i);
    group.assumesExploit ||= p.assumesExploit === true;
    ids.forEach((id, at) => {
      const text = textOf(id);
      if (!group.stops[at]!.includes(text)) group.stops[at]!.push(text);
    });
  });
  return groups.map(({ key: _key, first: _first, vary: _vary, ...group }) => group);
}

/** A stop in words: the vertex, or the alternatives ("A or B", "one of 5 containers"). */
export function stopText(alternatives: readonly string[]): string {
  if (alternatives.length <= 3) return alternatives.join(' or ');
  const word = alternatives[0]!.split(' ')[0]!;
  return `one of ${alternatives.length} ${word}${word.endsWith('s') ? '' : 's'} (${alternatives[0]}, …)`;
}

/** The whole group in words, for the list and for screen readers. */
export function groupText(group: PathGroup): string {
  return group.stops.map(stopText).join(' → ');
}
