/**
 * Network reachability in the attack graph (DESIGN.md "Network"), linear in the cluster's size:
 *
 * - Exposure: the internet reaches Services of type LoadBalancer and NodePort, Ingress
 *   backends, and hostPorts; a reachable port gives code execution only through an exploit
 *   (ENDPOINT_EXPLOIT, high cost), and only where the backend's ingress policies admit the traffic.
 * - Lateral movement: pods that NetworkPolicies treat alike form one class. A container sends
 *   as its class (`netclass:from/<c>`); a class reaches another's listening side
 *   (`netclass:to/<c>`) when egress ∩ ingress allows something; the listening side leads to the
 *   containers with ports. Classes open on both sides meet through one hub instead of pairwise.
 * - The API server answers anonymous requests from the internet (ANONYMOUS_API); cloud
 *   metadata (169.254.169.254) reached unless egress policies block it.
 */
import type { AppliedEvidence } from '../evidence/apply.js';
import { cisEvidence } from '../evidence/cis-checks.js';
import type { KnownExploit } from '../evidence/vulnerabilities.js';
import { addNodePortEdges } from './node-ports.js';
import { shortHash } from '../short-hash.js';
import { INTERNET, ids, type Service, type VertexId } from '@kubepath/model';
import type { Evidence, GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import { hub, registryOf } from '../rbac/hubs.js';
import { podEvidence, type EffectivePod } from '../workloads/pods.js';
import { podContainers } from '../workloads/workload-graph.js';
import {
  KUBEPATH_DEFAULTS,
  NetworkPolicyEvaluator,
  type EvaluatorOptions,
  type NetPod,
} from './evaluator.js';
import { addressRange, covers, ipBlockRanges, type IpRange } from './ip-ranges.js';
import { ingressAdmission } from './ingress-controllers.js';
import { namespaceLabeler, toNetPod } from './net-pods.js';
import {
  describePorts,
  ListenerIndex,
  serviceBackends,
  type Listener,
  type ListeningPort,
} from './listeners.js';
import { ConnectionSet, type Protocol } from './connection-set.js';
import type { RbacAuthorizer } from '../rbac/authorizer.js';

export interface NetworkOptions {
  evaluator?: EvaluatorOptions;
  /** The API server is reachable from the internet and allows anonymous requests (its default). */
  anonymousApi?: boolean;
}

/** An address outside the cluster (TEST-NET-3), standing for "the internet". */
const INTERNET_ADDRESS: IpRange = addressRange('203.0.113.10')!;
const METADATA_ADDRESS: IpRange = addressRange('169.254.169.254')!;
/** Service-account annotations that map it to a cloud role (EKS IRSA, GKE and Azure workload identity). */
const CLOUD_ROLE_ANNOTATIONS = [
  'eks.amazonaws.com/role-arn',
  'iam.gke.io/gcp-service-account',
  'azure.workload.identity/client-id',
];

interface NetClass {
  key: string;
  rep: NetPod;
  ingressIsolated: boolean;
  egressIsolated: boolean;
  pods: EffectivePod[];
  from: VertexId;
  /** The class's listening containers, grouped by the ports they listen on: one vertex a group. */
  listening: { vertex: VertexId; ports: ListeningPort[] }[];
}

/** One note object per port set, shared by every edge that needs it (150,000 pods: 150,000 edges). */
const NOTES = new Map<string, Evidence>();

/** The evidence an exploit step into a container with a known exploit adds: what is known. */
const knownNote = (l: Listener, k: KnownExploit): Evidence => ({
  kind: 'kubepath',
  name: 'exploit',
  path: '',
  note: `known exploit through ${describePorts(l.ports)}: ${k.summary}`,
});

/** The evidence an exploit step adds: it assumes code execution through these ports. */
const exploitNote = (l: Listener): Evidence => {
  const ports = describePorts(l.ports);
  let note = NOTES.get(ports);
  if (!note)
    NOTES.set(
      ports,
      (note = {
        kind: 'kubepath',
        name: 'exploit',
        path: '',
        note: `assumes code execution in the container through ${ports}`,
      }),
    );
  return note;
};

/** `auth` finds the Ingress controllers (without it, every Ingress backend counts as reached). */
export function addNetworkGraph(
  b: GraphBuilder,
  inv: Inventory,
  options: NetworkOptions = {},
  auth?: RbacAuthorizer,
  /**
   * Other tools' evidence: containers with a known remotely exploitable vulnerability (their
   * exploit steps cost less and say why), and the kube-bench results (node ports, anonymous API).
   */
  evidence: AppliedEvidence = { known: new Map(), cis: undefined },
): void {
  const known = evidence.known;
  const snapshot = inv.snapshot;
  const evaluator = new NetworkPolicyEvaluator(
    snapshot.objects.networkPolicies,
    namespaceLabeler(snapshot),
    options.evaluator ?? KUBEPATH_DEFAULTS,
  );
  const netPods = new Map(inv.pods.map((p) => [p, toNetPod(p)]));
  const listening = new ListenerIndex(snapshot.objects.services, inv.podsByNamespace);
  // A listener's own evidence, built once and shared by the edges that add nothing to it.
  const ownEvidence = new WeakMap<Listener, Evidence[]>();
  const exploit = (from: VertexId, l: Listener, why: Evidence[]) => {
    const k = known.get(l.id);
    let evidence = why.length ? undefined : ownEvidence.get(l);
    if (!evidence) {
      evidence = [...why, ...l.evidence, ...(k ? [knownNote(l, k), k.evidence] : [exploitNote(l)])];
      if (!why.length) ownEvidence.set(l, evidence);
    }
    b.edge('ENDPOINT_EXPLOIT', from, l.id, evidence, k ? k.cost : l.assumed ? 6 : undefined);
  };

  // Anonymous requests are on by default; a kube-bench result makes that known, or rules it out.
  const api = evidence.cis?.apiAnonymous;
  if (options.anonymousApi !== false && api?.check.status !== 'PASS') {
    b.edge(
      'ANONYMOUS_API',
      INTERNET,
      ids.user('system:anonymous'),
      api
        ? cisEvidence(api, 'the API server answers anonymous requests')
        : {
            kind: 'kubepath',
            name: 'api-server',
            path: '',
            note: 'assumed: anonymous requests are on by default (--anonymous-auth); no kube-bench result (1.2.1) says otherwise',
          },
    );
  }

  // ── Exposure ──
  const serviceVertex = (svc: Service) =>
    b.vertex(ids.service(svc.metadata.namespace ?? 'default', svc.metadata.name), {
      kind: 'service',
      namespace: svc.metadata.namespace ?? 'default',
      name: svc.metadata.name,
      label: `${svc.spec?.type ?? 'ClusterIP'} ${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`,
    });
  const serviceEvidence = (svc: Service, path: string): Evidence => ({
    kind: 'Service',
    namespace: svc.metadata.namespace ?? 'default',
    name: svc.metadata.name,
    path,
  });
  /**
   * The service's vertex, with exploit edges to the containers its ports send to, where the
   * backend's ingress lets the traffic in (`admits`: the connections allowed, and why when
   * that needs saying). Port-aware: a policy that admits 443 does not open 8080.
   */
  const routeService = (
    svc: Service,
    admits: (pod: EffectivePod) => { conns: ConnectionSet; why?: string },
  ) => {
    const sid = serviceVertex(svc);
    (svc.spec?.ports ?? []).forEach((port, i) => {
      const target = port.targetPort ?? port.port;
      const protocol = (port.protocol ?? 'TCP').toUpperCase() as Protocol;
      for (const pod of serviceBackends(svc, inv.podsByNamespace)) {
        const { conns, why } = admits(pod);
        const note: Evidence[] = why ? [{ kind: 'kubepath', name: 'network', path: '', note: why }] : [];
        for (const l of listening.on(pod, target, protocol)) {
          const open = l.ports.filter((p) => conns.allows(p.protocol, p.port));
          if (open.length)
            exploit(sid, { ...l, ports: open }, [serviceEvidence(svc, `/spec/ports/${i}`), ...note]);
        }
      }
    });
    return sid;
  };
  // From the internet, a LoadBalancer or NodePort backend sees an external address.
  const admitsInternet = (pod: EffectivePod) => ({
    conns: evaluator.side(netPods.get(pod)!, 'ingress', { kind: 'ip', range: INTERNET_ADDRESS }),
  });
  const exposedServices = new Set<Service>();
  for (const svc of snapshot.objects.services) {
    const type = svc.spec?.type ?? 'ClusterIP';
    if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
    exposedServices.add(svc);
    b.edge(
      'EXPOSED_TO_INTERNET',
      INTERNET,
      routeService(svc, admitsInternet),
      serviceEvidence(svc, '/spec/type'),
    );
  }
  for (const pod of inv.pods) {
    for (const c of podContainers(pod)) {
      (c.container.ports ?? []).forEach((p, i) => {
        if (!p.hostPort) return;
        // A hostPort is on the node's address, outside what NetworkPolicies select.
        b.edge('EXPOSED_TO_INTERNET', INTERNET, pod.id, podEvidence(pod, `${c.path}/ports/${i}/hostPort`));
        const protocol = (p.protocol ?? 'TCP').toUpperCase() as Protocol;
        const k = known.get(c.id);
        b.edge(
          'ENDPOINT_EXPLOIT',
          pod.id,
          c.id,
          [
            podEvidence(pod, `${c.path}/ports/${i}`),
            ...((listener) => (k ? [knownNote(listener, k), k.evidence] : [exploitNote(listener)]))({
              id: c.id,
              ports: [{ protocol, port: p.containerPort ?? p.hostPort }],
              evidence: [],
              assumed: false,
            }),
          ],
          k?.cost,
        );
      });
    }
  }

  // ── Lateral movement through policy classes ──
  const policies = snapshot.objects.networkPolicies;
  const labelKeys = new Set<string>();
  const blocks: IpRange[][] = [];
  let namedPorts = false;
  for (const p of policies) {
    for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
      const peers = ('from' in rule ? rule.from : 'to' in rule ? rule.to : undefined) as
        | {
            podSelector?: {
              matchLabels?: Record<string, string> | null;
              matchExpressions?: { key: string }[] | null;
            } | null;
            ipBlock?: { cidr: string; except?: string[] | null } | null;
          }[]
        | null
        | undefined;
      for (const peer of peers ?? []) {
        for (const k of Object.keys(peer.podSelector?.matchLabels ?? {})) labelKeys.add(k);
        for (const e of peer.podSelector?.matchExpressions ?? []) labelKeys.add(e.key);
        if (peer.ipBlock) blocks.push(ipBlockRanges(peer.ipBlock.cidr, peer.ipBlock.except ?? []));
      }
      for (const port of rule.ports ?? [])
        if (typeof port.port === 'string' && !/^\d+$/.test(port.port)) namedPorts = true;
    }
  }
  const keys = [...labelKeys].sort();
  const classes = new Map<string, NetClass>();
  const classOf = new Map<EffectivePod, NetClass>();
  for (const pod of inv.pods) {
    const np = netPods.get(pod)!;
    const key = JSON.stringify([
      pod.namespace,
      np.hostNetwork,
      evaluator.policiesFor(np, 'ingress').map((p) => p.metadata.name),
      evaluator.policiesFor(np, 'egress').map((p) => p.metadata.name),
      keys.map((k) => np.labels[k] ?? null),
      blocks.map((ranges) => np.ips.length > 0 && np.ips.every((ip) => covers(ranges, ip))),
      namedPorts ? np.ports : null,
    ]);
    let cls = classes.get(key);
    if (!cls) {
      const h = shortHash(key);
      const label = `pods of ${pod.namespace} like ${pod.name}`;
      cls = {
        key,
        rep: np,
        ingressIsolated: evaluator.isIsolated(np, 'ingress'),
        egressIsolated: evaluator.isIsolated(np, 'egress'),
        pods: [],
        from: b.vertex(`netclass:from/${h}`, {
          kind: 'netclass',
          namespace: pod.namespace,
          name: h,
          label: `traffic from ${label}`,
        }),
        listening: [],
      };
      classes.set(key, cls);
    }
    cls.pods.push(pod);
    classOf.set(pod, cls);
  }
  // One evidence object per note, shared by the edges that say the same (155,000 containers
  // "send as their pod" at 150,000 pods): the graph keeps them all (performance issue).
  const notes = new Map<string, Evidence>();
  const structural = (note: string): Evidence => {
    let ev = notes.get(note);
    if (!ev) notes.set(note, (ev = { kind: 'kubepath', name: 'network', path: '', note }));
    return ev;
  };
  for (const cls of classes.values()) {
    const groups = new Map<string, { vertex: VertexId; ports: ListeningPort[] }>();
    const h = cls.from.slice('netclass:from/'.length);
    for (const pod of cls.pods) {
      for (const c of podContainers(pod))
        b.edge('NETWORK_REACH', c.id, cls.from, structural('the container sends as its pod'), 0);
      for (const l of listening.of(pod)) {
        const ports = describePorts(
          [...l.ports].sort((x, y) => x.protocol.localeCompare(y.protocol) || x.port - y.port),
        );
        let group = groups.get(ports);
        if (!group) {
          const vertex = b.vertex(`netclass:to/${h}/${shortHash(ports)}`, {
            kind: 'netclass',
            namespace: cls.rep.namespace,
            name: `${h}/${shortHash(ports)}`,
            label: `${ports} of pods of ${cls.rep.namespace} like ${cls.pods[0]!.name}`,
          });
          groups.set(ports, (group = { vertex, ports: l.ports }));
        }
        exploit(group.vertex, l, []);
      }
    }
    cls.listening = [...groups.values()];
  }
  const list = [...classes.values()];
  const open = hub(b, 'network');
  const policyEvidence = (from: NetClass, to: NetClass): Evidence[] => [
    ...evaluator.policiesFor(from.rep, 'egress').map((p) => ({
      kind: 'NetworkPolicy',
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      path: '/spec/egress',
    })),
    ...evaluator.policiesFor(to.rep, 'ingress').map((p) => ({
      kind: 'NetworkPolicy',
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      path: '/spec/ingress',
    })),
  ];
  for (const cls of list) {
    if (!evaluator.isIsolated(cls.rep, 'egress'))
      b.edge('NETWORK_REACH', cls.from, open, structural('no egress policy isolates these pods'), 0);
    if (!evaluator.isIsolated(cls.rep, 'ingress'))
      for (const group of cls.listening)
        // The namespace is the object to change: a NetworkPolicy there would isolate them.
        b.edge('NETWORK_REACH', open, group.vertex, {
          kind: 'Namespace',
          name: cls.rep.namespace,
          path: '',
          note: 'no ingress NetworkPolicy in the namespace selects these pods',
        });
  }
  // The namespaces an ingress-isolated class admits traffic from, when its rules only use
  // podSelector peers (the policy's own namespace): pairs from elsewhere need no evaluation.
  const admits = new Map<NetClass, Set<string> | 'any'>();
  for (const cls of list) {
    if (!cls.ingressIsolated) continue;
    let from: Set<string> | 'any' = new Set();
    for (const p of evaluator.policiesFor(cls.rep, 'ingress')) {
      for (const rule of p.spec.ingress ?? []) {
        const peers = rule.from ?? [];
        if (peers.length === 0 || peers.some((peer) => peer.namespaceSelector || peer.ipBlock)) from = 'any';
        else if (from !== 'any') from.add(p.metadata.namespace ?? 'default');
      }
    }
    admits.set(cls, from);
  }
  // Pairs where a policy isolates either side: evaluated class by class.
  for (const src of list) {
    const srcOpen = !src.egressIsolated;
    for (const dst of list) {
      if (srcOpen && !dst.ingressIsolated) continue; // met through the hub
      const from = admits.get(dst);
      if (from !== undefined && from !== 'any' && !from.has(src.rep.namespace)) continue; // its rules admit other namespaces only
      // Within one class: two different pods of it (a pod reaching itself is not lateral movement).
      const peer = src === dst ? { ...dst.rep, id: `${dst.rep.id}#another` } : dst.rep;
      const conns = evaluator.allowed({ kind: 'pod', pod: src.rep }, { kind: 'pod', pod: peer });
      // Port-aware: only the listening ports the policies allow lead anywhere.
      for (const group of dst.listening) {
        const open = group.ports.filter((p) => conns.allows(p.protocol, p.port));
        if (open.length)
          b.edge('NETWORK_REACH', src.from, group.vertex, [
            ...policyEvidence(src, dst),
            structural(`allowed: ${conns.toString()}; listening: ${describePorts(open)}`),
          ]);
      }
    }
  }
  // ── Ingress ── (see ingress-controllers.ts: the backend must admit the controller's pods)
  const ingress =
    auth && snapshot.objects.ingresses.length
      ? ingressAdmission(inv, auth, evaluator, netPods, (p) => classOf.get(p)!.key)
      : null;
  for (const ing of snapshot.objects.ingresses) {
    const ns = ing.metadata.namespace ?? 'default';
    const backendsOf = [
      ...(ing.spec?.defaultBackend?.service
        ? [{ name: ing.spec.defaultBackend.service.name, path: '/spec/defaultBackend' }]
        : []),
      ...(ing.spec?.rules ?? []).flatMap((r, i) =>
        (r.http?.paths ?? []).flatMap((p, j) =>
          p.backend.service
            ? [{ name: p.backend.service.name, path: `/spec/rules/${i}/http/paths/${j}/backend` }]
            : [],
        ),
      ),
    ];
    for (const backend of backendsOf) {
      const svc = snapshot.objects.services.find(
        (s) => (s.metadata.namespace ?? 'default') === ns && s.metadata.name === backend.name,
      );
      if (!svc) continue;
      const sid = exposedServices.has(svc)
        ? serviceVertex(svc)
        : routeService(svc, (pod) => {
            const admission: { admitted: boolean; why?: string } = ingress?.admits(pod, ns) ?? {
              admitted: true,
            };
            return {
              conns: admission.admitted ? ConnectionSet.all() : ConnectionSet.none(),
              ...(admission.why ? { why: admission.why } : {}),
            };
          });
      b.edge('EXPOSED_TO_INTERNET', INTERNET, sid, {
        kind: 'Ingress',
        namespace: ns,
        name: ing.metadata.name,
        path: backend.path,
      });
    }
  }
  // hostNetwork containers are on the node's network: node → pod traffic is always allowed.
  for (const [id, entry] of registryOf(b)) {
    if (entry.capability === 'node-network')
      b.edge('NETWORK_REACH', id, open, structural("the node's own traffic to pods is always allowed"), 0);
  }
  // port-forward goes through the API server, past every policy, to any port of the namespace's pods.
  for (const [id, entry] of [...registryOf(b)]) {
    if (entry.capability !== 'port-forward') continue;
    const pods = entry.scope === undefined ? inv.pods : (inv.podsByNamespace.get(entry.scope) ?? []);
    for (const pod of pods) for (const l of listening.of(pod)) exploit(id, l, []);
  }
  // Workload identity: a service account annotated with a cloud role holds that role's credentials.
  for (const sa of snapshot.objects.serviceAccounts) {
    const annotations = sa.metadata.annotations ?? {};
    const key = CLOUD_ROLE_ANNOTATIONS.find((k) => annotations[k]);
    if (!key) continue;
    const ns = sa.metadata.namespace ?? 'default';
    const role = b.vertex(`cloud:${annotations[key]}`, {
      kind: 'cloud',
      name: annotations[key]!,
      label: `cloud role ${annotations[key]}`,
    });
    const sid = b.vertex(ids.serviceAccount(ns, sa.metadata.name), {
      kind: 'sa',
      namespace: ns,
      name: sa.metadata.name,
    });
    b.edge('CLOUD_WORKLOAD_IDENTITY', sid, role, {
      kind: 'ServiceAccount',
      namespace: ns,
      name: sa.metadata.name,
      path: `/metadata/annotations/${key.replace('/', '~1')}`,
    });
  }
  addNodePortEdges(b, inv, evidence.cis, evaluator, list);
  // Cloud metadata: the node's cloud credentials, unless egress policies block 169.254.169.254.
  if (snapshot.objects.nodes.some((n) => n.spec?.providerID)) {
    const cloud = b.vertex('cloud:instance-metadata', {
      kind: 'cloud',
      name: 'instance-metadata',
      label: "the cloud identity of the pod's node (169.254.169.254)",
    });
    for (const cls of list) {
      if (evaluator.side(cls.rep, 'egress', { kind: 'ip', range: METADATA_ADDRESS }).allows('TCP', 80))
        b.edge('CLOUD_METADATA', cls.from, cloud, structural('egress to 169.254.169.254:80 is not blocked'));
    }
  }
}
