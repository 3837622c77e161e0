/**
 * A seeded generator of random NetworkPolicy scenarios for the differential test against
 * netpol-analyzer (netpol.test.ts): namespaces with labels, bare Pods with labels and named
 * container ports, and policies with pod and namespace selectors (both in one peer),
 * matchExpressions with every operator, ipBlock with except, numeric and named ports,
 * endPort, policyTypes given or omitted, ingress and egress.
 *
 * What it leaves out on purpose is what the two tools answer differently by design
 * (NETPOL_DIFFERENCES below): controllers next to their pods, and named ports in egress rules
 * that also reach IP addresses.
 */
import { rng, type Rng } from './rbac-model.js';

export type Manifest = Record<string, unknown> & { kind: string };

/**
 * Where kubepath and netpol-analyzer deliberately differ, with the reason. The generator
 * writes no case of these; each is shown by a table test elsewhere.
 */
export const NETPOL_DIFFERENCES = [
  {
    what: 'a Deployment given together with its ReplicaSet and Pods',
    kubepath: 'one workload (the pods a controller owns are its pods)',
    reference: 'two: `web[Deployment]` and the ReplicaSet pods, with connections between the two copies',
    why: 'they are the same pods; a second copy invents connections (ownerReferences, https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/)',
  },
  {
    what: 'an egress rule with a named port whose peers include IP addresses (ipBlock, or no `to`)',
    kubepath: 'answers it: a named port matches nothing on a non-pod address',
    reference: 'refuses the input',
    why: 'a named port is resolved against the destination pod’s container ports; an address outside the cluster has none (NetworkPolicyPort, https://kubernetes.io/docs/concepts/services-networking/network-policies/)',
  },
  {
    what: 'a port range (endPort) of one policy and a single port inside it from another, plus a higher port',
    kubepath: 'the union: TCP 9090-9091,50051',
    reference:
      'v1.4.2, in some runs (the order of a Go map), joins them across the gap: TCP 9090-50051, every port between reported allowed',
    why: 'policies are additive — a connection is allowed if some policy allows it (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource); port 9095 is allowed by none. Found by the random test (seed 775675205); the generator keeps ranges apart from single ports',
  },
] as const;

const APPS = ['web', 'api', 'db', 'cache'];
const TIERS = ['front', 'back'];
const NAMED_PORTS = [
  { name: 'http', containerPort: 80 },
  { name: 'metrics', containerPort: 9090 },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'grpc', containerPort: 50051 },
];
/** endPort ranges that hold none of the single ports above nor the named ones. */
const PORT_RANGES: readonly [number, number][] = [
  [1, 52],
  [30000, 30010],
  [31000, 32767],
];
const CIDRS: { cidr: string; except?: string[] }[] = [
  { cidr: '0.0.0.0/0' },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
  { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
  { cidr: '192.168.0.0/16' },
  { cidr: '172.16.0.0/12', except: ['172.16.5.0/24', '172.17.0.0/16'] },
];

function labelSelector(r: Rng, keys: { key: string; values: string[] }[]): Record<string, unknown> {
  if (r.chance(0.2)) return {};
  const { key, values } = r.pick(keys);
  switch (r.pick(['labels', 'labels', 'In', 'NotIn', 'Exists', 'DoesNotExist'])) {
    case 'labels':
      return { matchLabels: { [key]: r.pick(values) } };
    case 'In':
    case 'NotIn': {
      const operator = r.chance(0.5) ? 'In' : 'NotIn';
      return { matchExpressions: [{ key, operator, values: r.some(values, 2) }] };
    }
    case 'Exists':
      return { matchExpressions: [{ key, operator: 'Exists' }] };
    default:
      return { matchExpressions: [{ key, operator: 'DoesNotExist' }] };
  }
}

const podKeys = [
  { key: 'app', values: APPS },
  { key: 'tier', values: TIERS },
];
const nsKeys = [
  { key: 'team', values: ['red', 'blue'] },
  { key: 'kubernetes.io/metadata.name', values: ['alpha', 'beta', 'gamma'] },
];

function peer(r: Rng, allowIp: boolean): Record<string, unknown> {
  const kind = r.pick(allowIp ? ['pod', 'ns', 'both', 'ip'] : ['pod', 'ns', 'both']);
  if (kind === 'ip') {
    const block = r.pick(CIDRS);
    return { ipBlock: block.except ? { cidr: block.cidr, except: block.except } : { cidr: block.cidr } };
  }
  if (kind === 'pod') return { podSelector: labelSelector(r, podKeys) };
  if (kind === 'ns') return { namespaceSelector: labelSelector(r, nsKeys) };
  return { namespaceSelector: labelSelector(r, nsKeys), podSelector: labelSelector(r, podKeys) };
}

function ports(r: Rng, named: boolean): Record<string, unknown>[] {
  return Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => {
    const protocol = r.pick(['TCP', 'TCP', 'UDP', 'SCTP', undefined]);
    const base = protocol ? { protocol } : {};
    if (named && r.chance(0.4)) return { ...base, port: r.pick(NAMED_PORTS).name };
    if (r.chance(0.1)) return base; // every port of the protocol
    // Ranges apart from every single port (NETPOL_DIFFERENCES: the reference joins a range
    // and a port inside it across the gap to the next port).
    if (r.chance(0.25)) {
      const [port, endPort] = r.pick(PORT_RANGES);
      return { ...base, port, endPort };
    }
    return { ...base, port: r.pick([53, 80, 443, 8080, 9090, 50051]) };
  });
}

function rule(r: Rng, direction: 'ingress' | 'egress'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const peers = r.chance(0.25)
    ? undefined
    : Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => peer(r, true));
  // Named ports only where no IP address is a destination (NETPOL_DIFFERENCES).
  const reachesIps = direction === 'egress' && (peers === undefined || peers.some((p) => 'ipBlock' in p));
  if (peers) out[direction === 'ingress' ? 'from' : 'to'] = peers;
  if (r.chance(0.6)) out.ports = ports(r, !reachesIps);
  return out;
}

export interface NetpolCase {
  objects: Manifest[];
}

export function generateNetpolCase(seed: number, size: { pods: number; policies: number }): NetpolCase {
  const r = rng(seed);
  const namespaces = ['alpha', 'beta', 'gamma'];
  const objects: Manifest[] = namespaces.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'kubernetes.io/metadata.name': name,
        ...(r.chance(0.6) ? { team: r.pick(['red', 'blue']) } : {}),
      },
    },
  }));
  for (let i = 0; i < size.pods; i++) {
    const labels: Record<string, string> = { app: r.pick(APPS) };
    if (r.chance(0.5)) labels.tier = r.pick(TIERS);
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: r.pick(namespaces), labels },
      spec: {
        containers: [{ name: 'main', image: 'example/app:1', ports: r.some(NAMED_PORTS, 3) }],
      },
      status: { phase: 'Running', podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}` },
    });
  }
  for (let i = 0; i < size.policies; i++) {
    const spec: Record<string, unknown> = { podSelector: labelSelector(r, podKeys) };
    const types = r.pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']] as const);
    const ingress = r.chance(0.7)
      ? Array.from({ length: Math.floor(r.next() * 3) }, () => rule(r, 'ingress'))
      : undefined;
    const egress = r.chance(0.5)
      ? Array.from({ length: Math.floor(r.next() * 3) }, () => rule(r, 'egress'))
      : undefined;
    if (ingress) spec.ingress = ingress;
    if (egress) spec.egress = egress;
    if (types) spec.policyTypes = types;
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `policy-${i}`, namespace: r.pick(namespaces) },
      spec,
    });
  }
  return { objects };
}
