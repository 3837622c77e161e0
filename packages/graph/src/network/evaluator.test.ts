// NetworkPolicy traps (../shared/reference/netpol-semantics.md §0), one row each, in both
// directions where it matters. https://kubernetes.io/docs/concepts/services-networking/network-policies/
import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '../testing.js';
import { effectivePods } from '../workloads/pods.js';
import { ConnectionSet } from './connection-set.js';
import {
  KUBEPATH_DEFAULTS,
  NETPOL_ANALYZER_COMPAT,
  NetworkPolicyEvaluator,
  type EvaluatorOptions,
  type Peer,
} from './evaluator.js';
import { addressRange } from './ip-ranges.js';
import { namespaceLabeler, toNetPod } from './net-pods.js';

const WORLD = `
apiVersion: v1
kind: Namespace
metadata: { name: a, labels: { team: red } }
---
apiVersion: v1
kind: Namespace
metadata: { name: b }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: a, labels: { app: web } }
spec: { containers: [{ name: c, ports: [{ name: http, containerPort: 8080 }, { name: dns, containerPort: 53, protocol: UDP }] }] }
status: { podIP: 10.0.0.5 }
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: a, labels: { app: client } }
spec: { containers: [{ name: c }] }
status: { podIP: 10.0.0.6 }
---
apiVersion: v1
kind: Pod
metadata: { name: other, namespace: b, labels: { app: client } }
spec: { containers: [{ name: c }] }
status: { podIP: 10.0.1.7 }
---
apiVersion: v1
kind: Pod
metadata: { name: host, namespace: b, labels: { app: host } }
spec: { hostNetwork: true, containers: [{ name: c }] }
---
`;

const policy = (spec: string, ns = 'a') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p${Math.abs(spec.length * 31 + ns.length)}, namespace: ${ns} }\nspec:\n${spec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n---\n`;

async function evaluate(
  policies: string,
  src: string,
  dst: string,
  options: EvaluatorOptions = NETPOL_ANALYZER_COMPAT,
): Promise<string> {
  const snapshot = await snapshotFromYaml(WORLD + policies);
  const evaluator = new NetworkPolicyEvaluator(
    snapshot.objects.networkPolicies,
    namespaceLabeler(snapshot),
    options,
  );
  const pods = new Map(effectivePods(snapshot).map((p) => [`${p.namespace}/${p.name}`, toNetPod(p)]));
  const peer = (name: string): Peer =>
    pods.has(name) ? { kind: 'pod', pod: pods.get(name)! } : { kind: 'ip', range: addressRange(name)! };
  return evaluator.allowed(peer(src), peer(dst)).toString();
}

const DENY_INGRESS = policy('podSelector: { matchLabels: { app: web } }\npolicyTypes: [Ingress]');

describe('NetworkPolicy traps', () => {
  it.each<[string, string, string, string, string]>([
    ['no policy: everything', '', 'a/client', 'a/web', 'All Connections'],
    [
      'policyTypes omitted: Ingress is always on',
      policy('podSelector: { matchLabels: { app: web } }'),
      'a/client',
      'a/web',
      'No Connections',
    ],
    [
      'policyTypes omitted: Egress only with egress rules (none here)',
      policy('podSelector: { matchLabels: { app: client } }'),
      'a/client',
      'a/web',
      'All Connections',
    ],
    [
      'policyTypes omitted, egress rules present: Egress is on',
      policy(
        'podSelector: { matchLabels: { app: client } }\negress: [{ to: [{ podSelector: { matchLabels: { app: nobody } } }] }]',
      ),
      'a/client',
      'a/web',
      'No Connections',
    ],
    [
      'ingress: [] denies everyone',
      policy('podSelector: { matchLabels: { app: web } }\ningress: []'),
      'a/client',
      'a/web',
      'No Connections',
    ],
    [
      'a rule without from admits everyone',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{}]'),
      'b/other',
      'a/web',
      'All Connections',
    ],
    [
      'a rule without from admits external IPs too',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{}]'),
      '203.0.113.9',
      'a/web',
      'All Connections',
    ],
    [
      'podSelector alone: the policy namespace only',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: client } } }] }]',
      ),
      'b/other',
      'a/web',
      'No Connections',
    ],
    [
      'podSelector alone: same namespace admitted',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: client } } }] }]',
      ),
      'a/client',
      'a/web',
      'All Connections',
    ],
    [
      'nsSel + podSel in one peer: AND',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: { matchLabels: { team: red } }, podSelector: { matchLabels: { app: client } } }] }]',
      ),
      'b/other',
      'a/web',
      'No Connections',
    ],
    [
      'nsSel and podSel as two peers: OR',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: b } } }, { podSelector: { matchLabels: { app: nobody } } }] }]',
      ),
      'b/other',
      'a/web',
      'All Connections',
    ],
    [
      'namespaceSelector {} is every pod…',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: {} }] }]'),
      'b/other',
      'a/web',
      'All Connections',
    ],
    [
      '… but no external IP',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: {} }] }]'),
      '203.0.113.9',
      'a/web',
      'No Connections',
    ],
    [
      'NotIn matches a namespace without the key',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: team, operator: NotIn, values: [red] }] } }] }]',
      ),
      'b/other',
      'a/web',
      'All Connections',
    ],
    [
      'DoesNotExist: a namespace that has the key is not matched',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: team, operator: DoesNotExist }] } }] }]',
      ),
      'a/client',
      'a/web',
      'No Connections',
    ],
    [
      'the automatic kubernetes.io/metadata.name label',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: a } } }] }]',
      ),
      'a/client',
      'a/web',
      'All Connections',
    ],
    [
      'named port resolves on the destination pod',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: http }] }]'),
      'a/client',
      'a/web',
      'TCP 8080',
    ],
    [
      'named port needs the same protocol',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: dns, protocol: TCP }] }]',
      ),
      'a/client',
      'a/web',
      'No Connections',
    ],
    [
      'named port with its protocol',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: dns, protocol: UDP }] }]',
      ),
      'a/client',
      'a/web',
      'UDP 53',
    ],
    [
      'endPort is an inclusive range',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: 8000, endPort: 8010 }] }]',
      ),
      'a/client',
      'a/web',
      'TCP 8000-8010',
    ],
    [
      'protocol defaults to TCP; no port means every port',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ protocol: UDP }, {}] }]'),
      'a/client',
      'a/web',
      'TCP 1-65535,UDP 1-65535',
    ],
    [
      'TCP+UDP+SCTP on every port is "All Connections"',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: 1, endPort: 65535 }, { port: 1, endPort: 65535, protocol: UDP }, { port: 1, endPort: 65535, protocol: SCTP }] }]',
      ),
      'a/client',
      'a/web',
      'All Connections',
    ],
    [
      'policies selecting one pod are unioned',
      policy('podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: 80 }] }]') +
        policy('podSelector: {}\ningress: [{ ports: [{ port: 81 }] }]'),
      'a/client',
      'a/web',
      'TCP 80-81',
    ],
    [
      'egress ∩ ingress',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ ports: [{ port: 80, endPort: 90 }] }]',
      ) +
        policy(
          'podSelector: { matchLabels: { app: client } }\npolicyTypes: [Egress]\negress: [{ ports: [{ port: 85, endPort: 100 }] }]',
        ),
      'a/client',
      'a/web',
      'TCP 85-90',
    ],
    [
      'ipBlock with except',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 203.0.113.0/24, except: [203.0.113.0/28] } }] }]',
      ),
      '203.0.113.9',
      'a/web',
      'No Connections',
    ],
    [
      'ipBlock outside the except',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 203.0.113.0/24, except: [203.0.113.0/28] } }] }]',
      ),
      '203.0.113.99',
      'a/web',
      'All Connections',
    ],
    [
      'ipBlock IPv6',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: "2001:db8::/32" } }] }]',
      ),
      '2001:db8::1',
      'a/web',
      'All Connections',
    ],
    [
      'ipBlock does not match pods (netpol-analyzer)',
      policy(
        'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]',
      ),
      'a/client',
      'a/web',
      'No Connections',
    ],
    ['a pod always reaches itself', DENY_INGRESS, 'a/web', 'a/web', 'All Connections'],
  ])('%s', async (_name, policies, src, dst, expected) => {
    expect(await evaluate(policies, src, dst)).toBe(expected);
  });

  it('kubepath default: an ipBlock matches the pods whose IP it holds', async () => {
    const p = policy(
      'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/24 } }] }]',
    );
    expect(await evaluate(p, 'a/client', 'a/web', KUBEPATH_DEFAULTS)).toBe('All Connections');
    expect(await evaluate(p, 'b/other', 'a/web', KUBEPATH_DEFAULTS)).toBe('No Connections');
  });

  it('kubepath default: hostNetwork pods are not isolated; compat mode isolates them', async () => {
    const p = policy('podSelector: {}\ningress: []', 'b');
    expect(await evaluate(p, 'a/client', 'b/host', KUBEPATH_DEFAULTS)).toBe('All Connections');
    expect(await evaluate(p, 'a/client', 'b/host', NETPOL_ANALYZER_COMPAT)).toBe('No Connections');
  });

  it("selfTraffic evaluate (cyclonus) applies the pod's own policies to itself", async () => {
    expect(
      await evaluate(DENY_INGRESS, 'a/web', 'a/web', { ...NETPOL_ANALYZER_COMPAT, selfTraffic: 'evaluate' }),
    ).toBe('No Connections');
  });
});

describe('ConnectionSet', () => {
  it('merges adjacent ranges and prints protocols in order', () => {
    const s = ConnectionSet.of('UDP', 53)
      .union(ConnectionSet.of('TCP', 8081))
      .union(ConnectionSet.of('TCP', 8080))
      .union(ConnectionSet.of('SCTP', 7070));
    expect(s.toString()).toBe('SCTP 7070,TCP 8080-8081,UDP 53');
  });
  it('intersects per protocol', () => {
    expect(
      ConnectionSet.of('TCP', 1, 100)
        .intersect(ConnectionSet.of('TCP', 50, 200))
        .toString(),
    ).toBe('TCP 50-100');
    expect(
      ConnectionSet.of('TCP', 1, 100)
        .intersect(ConnectionSet.of('UDP', 1, 100))
        .isEmpty(),
    ).toBe(true);
  });
});
