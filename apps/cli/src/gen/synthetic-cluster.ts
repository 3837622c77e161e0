/**
 * A synthetic but realistic cluster for benchmarks and load tests: namespaces per team,
 * Deployments with ReplicaSets and pods, node DaemonSets, control-plane static pods, service
 * accounts, roles and bindings in realistic proportions, secrets, services, NetworkPolicies —
 * and a sprinkling of the risks kubepath looks for (privileged pods, runtime sockets,
 * over-broad bindings, legacy token secrets). Deterministic for a given seed.
 *
 * Secret data and env values are obvious fakes: they exist to prove that redaction works at
 * scale, never to look like real credentials.
 */
import { Random } from './random.js';

export interface SyntheticClusterOptions {
  nodes: number;
  pods: number;
  seed: number;
  /** NetworkPolicies to aim for (default: about one per two app namespaces, a few hundred at scale). */
  policies?: number;
}

type K8sObject = Record<string, unknown>;

const WORDS = [
  'cart',
  'billing',
  'search',
  'catalog',
  'auth',
  'orders',
  'payments',
  'reviews',
  'shipping',
  'users',
  'media',
  'reports',
  'events',
  'ledger',
  'pricing',
  'notify',
];
const FAKE_B64 = Buffer.from('fake-value-for-tests').toString('base64');
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

const meta = (name: string, namespace?: string, labels?: Record<string, string>, extra: K8sObject = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `00000000-0000-4000-8000-${(hash(`${namespace}/${name}`) >>> 0).toString(16).padStart(12, '0')}`,
  creationTimestamp: '2026-01-15T10:00:00Z',
  ...(labels ? { labels } : {}),
  ...extra,
});

/** A pod-name suffix derived from `text`: unique enough, and stable for a seed. */
function suffixOf(text: string, length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = hash(text) >>> 0;
  let s = '';
  for (let i = 0; i < length; i++) {
    s += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) || hash(s) >>> 0;
  }
  return s;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

/** Generates the cluster: `cluster` yields every object but pods, `pods` yields the pods. */
export class SyntheticCluster {
  private readonly rng: Random;
  readonly nodeNames: string[] = [];
  readonly controlPlane: string[] = [];
  readonly appNamespaces: string[] = [];
  private readonly daemonSets: { name: string; spec: K8sObject }[] = [];
  private readonly deployments: {
    namespace: string;
    name: string;
    replicas: number;
    rsHash: string;
    spec: K8sObject;
    labels: Record<string, string>;
  }[] = [];

  constructor(private readonly options: SyntheticClusterOptions) {
    this.rng = new Random(options.seed);
    const cp = Math.min(3, Math.max(1, Math.floor(options.nodes / 50) || 1));
    for (let i = 0; i < options.nodes; i++) {
      const name = i < cp ? `control-plane-${i + 1}` : `worker-${String(i - cp + 1).padStart(5, '0')}`;
      this.nodeNames.push(name);
      if (i < cp) this.controlPlane.push(name);
    }
    const nsCount = Math.max(2, Math.round(options.pods / 150));
    for (let i = 0; i < nsCount; i++) this.appNamespaces.push(`team-${WORDS[i % WORDS.length]}-${i + 1}`);
    this.planWorkloads();
  }

  private podSpec(opts: { sa: string; risky?: boolean; image: string; ports?: number[] }): K8sObject {
    const r = this.rng;
    const securityContext: K8sObject = {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
    const volumes: K8sObject[] = [
      {
        name: 'kube-api-access',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt' } },
          ],
        },
      },
    ];
    const mounts: K8sObject[] = [
      { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ];
    if (opts.risky) {
      const risk = r.pick(['privileged', 'docker-sock', 'sys-admin', 'host-root']);
      if (risk === 'privileged')
        Object.assign(securityContext, {
          privileged: true,
          allowPrivilegeEscalation: true,
          runAsNonRoot: false,
        });
      if (risk === 'sys-admin') securityContext.capabilities = { add: ['SYS_ADMIN'] };
      if (risk === 'docker-sock' || risk === 'host-root') {
        const path = risk === 'docker-sock' ? '/run/containerd/containerd.sock' : '/';
        volumes.push({ name: 'host', hostPath: { path } });
        mounts.push({ name: 'host', mountPath: '/host' });
      }
    }
    return {
      serviceAccountName: opts.sa,
      ...(r.chance(0.05) ? { automountServiceAccountToken: false } : {}),
      containers: [
        {
          name: 'app',
          image: opts.image,
          imagePullPolicy: 'IfNotPresent',
          ports: (opts.ports ?? [8080]).map((p) => ({ name: `p${p}`, containerPort: p, protocol: 'TCP' })),
          env: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'API_KEY', value: `fake-api-key-${r.suffix(8)}` },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
          ],
          resources: r.chance(0.8)
            ? { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } }
            : {},
          securityContext,
          volumeMounts: mounts,
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      volumes,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    };
  }

  private planWorkloads(): void {
    const { pods, nodes } = this.options;
    const r = this.rng;
    const dsCount = Math.max(0, Math.min(4, Math.floor((pods * 0.25) / Math.max(1, nodes))));
    const systemDaemonSets: { name: string; spec: K8sObject }[] = [
      {
        name: 'kube-proxy',
        spec: {
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          containers: [
            {
              name: 'kube-proxy',
              image: 'registry.k8s.io/kube-proxy:v1.31.0',
              securityContext: { privileged: true },
            },
          ],
          tolerations: [{ operator: 'Exists' }],
        },
      },
      {
        name: 'cni-agent',
        spec: {
          hostNetwork: true,
          serviceAccountName: 'cni-agent',
          containers: [
            { name: 'agent', image: 'example.com/cni-agent:1.16', securityContext: { privileged: true } },
          ],
          volumes: [{ name: 'cni', hostPath: { path: '/etc/cni/net.d' } }],
          tolerations: [{ operator: 'Exists' }],
        },
      },
      {
        name: 'log-shipper',
        spec: {
          serviceAccountName: 'log-shipper',
          containers: [
            {
              name: 'shipper',
              image: 'example.com/log-shipper:3.1',
              volumeMounts: [{ name: 'varlog', mountPath: '/var/log', readOnly: true }],
            },
          ],
          volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
        },
      },
      {
        name: 'node-exporter',
        spec: {
          hostPID: true,
          hostNetwork: true,
          serviceAccountName: 'node-exporter',
          containers: [
            {
              name: 'exporter',
              image: 'quay.io/prometheus/node-exporter:v1.8.2',
              volumeMounts: [{ name: 'root', mountPath: '/host', readOnly: true }],
            },
          ],
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
        },
      },
    ];
    this.daemonSets.push(...systemDaemonSets.slice(0, dsCount));
    let budget = pods - dsCount * nodes - this.controlPlane.length * 2;
    let i = 0;
    while (budget > 0) {
      const namespace = this.appNamespaces[i % this.appNamespaces.length]!;
      const name = `${r.pick(WORDS)}-${r.pick(['api', 'worker', 'web', 'cron', 'gateway'])}-${i + 1}`;
      const replicas = Math.min(budget, r.int(1, 5));
      budget -= replicas;
      const labels = { app: name, 'app.kubernetes.io/part-of': namespace };
      const sa = r.chance(0.5) ? name : 'default';
      this.deployments.push({
        namespace,
        name,
        replicas,
        rsHash: r.suffix(10),
        labels,
        spec: this.podSpec({
          sa,
          risky: r.chance(0.01),
          image: `registry.example.com/${namespace}/${name}:${r.chance(0.1) ? 'latest' : `1.${r.int(0, 40)}.${r.int(0, 9)}`}`,
        }),
      });
      i++;
    }
  }

  /**
   * One trivy-operator VulnerabilityReport per Deployment (its `app` container), as the
   * operator names them (after the ReplicaSet): 10–40 vulnerabilities each, about 2% of the
   * images with a KEV-listed CVE and 5% with a critical network-exploitable one. Its own
   * random stream: the cluster is the same with or without reports.
   */
  *vulnerabilityReports(): Generator<K8sObject> {
    const r = new Random(this.options.seed + 7919);
    const severities = ['LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH', 'UNKNOWN'];
    for (const d of this.deployments) {
      const rs = `${d.name}-${d.rsHash}`;
      const image = (d.spec as { containers: { image: string }[] }).containers[0]!.image;
      const [repository, tag] = image.replace(/^registry\.example\.com\//, '').split(':');
      const vulnerabilities: K8sObject[] = [];
      const n = r.int(10, 40);
      for (let i = 0; i < n; i++)
        vulnerabilities.push({
          vulnerabilityID: `CVE-20${r.int(18, 25)}-${r.int(1000, 49999)}`,
          resource: r.pick(['openssl', 'glibc', 'zlib', 'curl', 'libxml2', 'busybox', 'ncurses', 'expat']),
          installedVersion: `1.${r.int(0, 20)}.${r.int(0, 9)}`,
          fixedVersion: r.chance(0.7) ? `1.${r.int(21, 30)}.0` : '',
          severity: r.pick(severities),
          score: Math.round(r.next() * 90) / 10,
        });
      if (r.chance(0.02))
        vulnerabilities.push({
          vulnerabilityID: 'CVE-2021-44228',
          resource: 'log4j-core',
          installedVersion: '2.14.1',
          fixedVersion: '2.15.0',
          severity: 'CRITICAL',
          score: 10,
        });
      if (r.chance(0.05))
        vulnerabilities.push({
          vulnerabilityID: `CVE-2024-${r.int(50000, 59999)}`,
          resource: 'openssl',
          installedVersion: '3.0.1',
          fixedVersion: '3.0.13',
          severity: 'CRITICAL',
          score: 9.8,
        });
      yield {
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'VulnerabilityReport',
        metadata: {
          name: `replicaset-${rs}-app`,
          namespace: d.namespace,
          labels: {
            'trivy-operator.resource.kind': 'ReplicaSet',
            'trivy-operator.resource.name': rs,
            'trivy-operator.resource.namespace': d.namespace,
            'trivy-operator.container.name': 'app',
          },
        },
        report: {
          registry: { server: 'registry.example.com' },
          artifact: { repository, tag },
          scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' },
          vulnerabilities,
        },
      };
    }
  }

  /** Every object but pods. */
  *cluster(): Generator<K8sObject> {
    const r = this.rng;
    const { nodeNames, controlPlane, appNamespaces } = this;
    for (const ns of ['kube-system', 'kube-public', 'default', 'monitoring', 'ci', 'ingress-nginx']) {
      yield {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta(ns, undefined, { 'kubernetes.io/metadata.name': ns }),
      };
    }
    for (const ns of appNamespaces) {
      const labels: Record<string, string> = { 'kubernetes.io/metadata.name': ns, team: ns.split('-')[1]! };
      if (r.chance(0.4)) labels['pod-security.kubernetes.io/enforce'] = r.pick(['baseline', 'restricted']);
      yield { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, labels) };
    }
    for (const name of nodeNames) {
      const cp = controlPlane.includes(name);
      yield {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: meta(name, undefined, {
          'kubernetes.io/hostname': name,
          'topology.kubernetes.io/zone': `zone-${hash(name) & 3}`,
          ...(cp ? { [CONTROL_PLANE_LABEL]: '' } : {}),
        }),
        spec: {
          providerID: `aws:///zone/i-${(hash(name) >>> 0).toString(16)}`,
          ...(cp ? { taints: [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }] } : {}),
        },
        status: {
          addresses: [
            {
              type: 'InternalIP',
              address: `10.${(hash(name) >>> 8) & 255}.${(hash(name) >>> 16) & 255}.${hash(name) & 255}`,
            },
          ],
          nodeInfo: { kubeletVersion: 'v1.31.0', containerRuntimeVersion: 'containerd://1.7.22' },
        },
      };
    }
    // RBAC: the built-in roles, a few dozen custom ones, and the classic mistakes.
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('cluster-admin'),
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    };
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('view', undefined, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
      rules: [
        {
          apiGroups: ['', 'apps', 'batch'],
          resources: ['pods', 'services', 'deployments', 'jobs', 'configmaps'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    };
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('edit'),
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }],
      },
      rules: [],
    };
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('app-deployer'),
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] },
      ],
    };
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('metrics-reader'),
      rules: [
        {
          apiGroups: [''],
          resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'pods'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    };
    for (let i = 0; i < 40; i++) {
      yield {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: meta(`custom-${r.pick(WORDS)}-${i}`),
        rules: [
          {
            apiGroups: [r.pick(['', 'apps', 'batch'])],
            resources: [r.pick(['pods', 'services', 'jobs', 'configmaps', 'deployments'])],
            verbs: r.pick([['get', 'list'], ['create'], ['*']]),
          },
        ],
      };
    }
    const crb = (name: string, role: string, subjects: K8sObject[]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects,
    });
    yield crb('cluster-admin', 'cluster-admin', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
    ]);
    yield crb('ci-deployer', 'cluster-admin', [
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
    ]);
    yield crb('monitoring-metrics', 'metrics-reader', [
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
    ]);
    for (const ns of ['ci', 'monitoring'])
      yield {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(ns === 'ci' ? 'deployer' : 'prometheus', ns),
      };
    for (const ds of ['kube-proxy', 'cni-agent', 'log-shipper', 'node-exporter'])
      yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(ds, 'kube-system') };

    for (const ns of appNamespaces) {
      yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', ns) };
      yield {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta('team-edit', ns),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${ns}-developers` }],
      };
      yield {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta('app-reader', ns),
        rules: [{ apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list', 'watch'] }],
      };
      yield {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta('app-reader', ns),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app-reader' },
        subjects: [
          { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${ns}` },
        ],
      };
      if (r.chance(0.05)) {
        yield {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: meta('default-deployer', ns),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'app-deployer' },
          subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ns }],
        };
      }
      for (const s of ['db-credentials', 'api-keys', 'tls-cert']) {
        yield {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta(s, ns),
          type: s === 'tls-cert' ? 'kubernetes.io/tls' : 'Opaque',
          data:
            s === 'tls-cert'
              ? { 'tls.crt': FAKE_B64, 'tls.key': FAKE_B64 }
              : { password: FAKE_B64, username: FAKE_B64 },
        };
      }
      if (r.chance(0.1)) {
        yield {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta('default-token-legacy', ns, undefined, {
            annotations: { 'kubernetes.io/service-account.name': 'default' },
          }),
          type: 'kubernetes.io/service-account-token',
          data: { token: FAKE_B64, 'ca.crt': FAKE_B64 },
        };
      }
    }
    for (const ds of this.daemonSets) {
      yield {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta(ds.name, 'kube-system', { app: ds.name }),
        spec: {
          selector: { matchLabels: { app: ds.name } },
          template: { metadata: { labels: { app: ds.name } }, spec: ds.spec },
        },
      };
    }
    const seenSa = new Set<string>();
    for (const d of this.deployments) {
      const sa = d.spec.serviceAccountName as string;
      if (sa !== 'default' && !seenSa.has(`${d.namespace}/${sa}`)) {
        seenSa.add(`${d.namespace}/${sa}`);
        yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa, d.namespace) };
      }
      yield {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(d.name, d.namespace, d.labels),
        spec: {
          replicas: d.replicas,
          selector: { matchLabels: { app: d.name } },
          template: { metadata: { labels: d.labels }, spec: d.spec },
        },
      };
      yield {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: meta(`${d.name}-${d.rsHash}`, d.namespace, d.labels, {
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, controller: true }],
        }),
        spec: {
          replicas: d.replicas,
          selector: { matchLabels: { app: d.name } },
          template: { metadata: { labels: d.labels }, spec: d.spec },
        },
      };
      const type = r.chance(0.02) ? 'LoadBalancer' : r.chance(0.03) ? 'NodePort' : 'ClusterIP';
      yield {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(d.name, d.namespace, d.labels),
        spec: {
          type,
          selector: { app: d.name },
          ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        },
      };
    }
    // NetworkPolicies: default-deny plus same-namespace allow in some namespaces, metadata blocks in others.
    const target = this.options.policies ?? Math.round(appNamespaces.length * 0.6);
    let written = 0;
    for (const ns of appNamespaces) {
      if (written >= target) break;
      if (r.chance(0.5)) {
        yield {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: meta('default-deny-ingress', ns),
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        };
        yield {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: meta('allow-same-namespace', ns),
          spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] },
        };
        written += 2;
      } else if (r.chance(0.3)) {
        yield {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: meta('block-metadata', ns),
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
          },
        };
        written++;
      }
    }
  }

  /** Every pod: DaemonSet pods on each node, control-plane static pods, Deployment replicas. */
  *pods(): Generator<K8sObject> {
    const r = this.rng;
    const workers = this.nodeNames.filter((n) => !this.controlPlane.includes(n));
    const status = (nodeName: string) => ({
      phase: 'Running',
      hostIP: `10.0.${hash(nodeName) & 255}.${(hash(nodeName) >>> 8) & 255}`,
      podIP: `10.${r.int(64, 127)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      qosClass: 'Burstable',
      startTime: '2026-01-15T10:01:00Z',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2026-01-15T10:01:05Z',
      })),
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: r.int(0, 3),
          image: 'registry.example.com/app',
          imageID: `registry.example.com/app@sha256:${r.suffix(64)}`,
          containerID: `containerd://${r.suffix(64)}`,
          started: true,
          state: { running: { startedAt: '2026-01-15T10:01:04Z' } },
        },
      ],
    });
    for (const node of this.nodeNames) {
      for (const ds of this.daemonSets) {
        const name = `${ds.name}-${suffixOf(`${ds.name}@${node}`, 7)}`;
        yield {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: meta(
            name,
            'kube-system',
            { app: ds.name },
            {
              ownerReferences: [
                { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.name, controller: true },
              ],
            },
          ),
          spec: { ...ds.spec, nodeName: node },
          status: status(node),
        };
      }
    }
    for (const node of this.controlPlane) {
      yield {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta(`etcd-${node}`, 'kube-system', { component: 'etcd', tier: 'control-plane' }),
        spec: {
          nodeName: node,
          hostNetwork: true,
          containers: [
            {
              name: 'etcd',
              image: 'registry.k8s.io/etcd:3.5.15-0',
              volumeMounts: [
                { name: 'etcd-data', mountPath: '/var/lib/etcd' },
                { name: 'etcd-certs', mountPath: '/etc/kubernetes/pki/etcd' },
              ],
            },
          ],
          volumes: [
            { name: 'etcd-data', hostPath: { path: '/var/lib/etcd', type: 'DirectoryOrCreate' } },
            { name: 'etcd-certs', hostPath: { path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' } },
          ],
        },
        status: status(node),
      };
      yield {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta(`kube-apiserver-${node}`, 'kube-system', {
          component: 'kube-apiserver',
          tier: 'control-plane',
        }),
        spec: {
          nodeName: node,
          hostNetwork: true,
          containers: [
            {
              name: 'kube-apiserver',
              image: 'registry.k8s.io/kube-apiserver:v1.31.0',
              volumeMounts: [{ name: 'k8s-certs', mountPath: '/etc/kubernetes/pki', readOnly: true }],
            },
          ],
          volumes: [
            { name: 'k8s-certs', hostPath: { path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate' } },
          ],
        },
        status: status(node),
      };
    }
    for (const d of this.deployments) {
      for (let i = 0; i < d.replicas; i++) {
        const node = workers.length ? r.pick(workers) : this.nodeNames[0]!;
        yield {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: meta(
            `${d.name}-${d.rsHash}-${suffixOf(`${d.name}#${i}`)}`,
            d.namespace,
            { ...d.labels, 'pod-template-hash': d.rsHash },
            {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'ReplicaSet',
                  name: `${d.name}-${d.rsHash}`,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
          ),
          spec: { ...d.spec, nodeName: node },
          status: status(node),
        };
      }
    }
  }
}
