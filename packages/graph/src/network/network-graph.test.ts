// Network edges in the attack graph: exposure (and what ingress policies cut), lateral movement
// through policy classes, the anonymous API, cloud metadata, port-forward.
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../build.js';
import { edgeStrings, type AttackGraph } from '../graph-builder.js';
import { reachable, snapshotFromYaml } from '../testing.js';

const BASE = `
apiVersion: v1
kind: Node
metadata: { name: n1 }
spec: { providerID: "aws:///eu-west-1a/i-0abc" }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { app: web } }
spec: { nodeName: n1, containers: [{ name: c, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: db, namespace: shop, labels: { app: db } }
spec: { nodeName: n1, containers: [{ name: c, ports: [{ containerPort: 5432 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: tool, namespace: ops, labels: { app: tool } }
spec: { nodeName: n1, containers: [{ name: c }] }
---
`;
const svc = (type: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: ${type}, selector: { app: web }, ports: [{ port: 80, targetPort: http }] }\n---\n`;
const np = (name: string, ns: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: ${name}, namespace: ${ns} }\nspec: ${spec}\n---\n`;

async function graphOf(yaml: string): Promise<AttackGraph> {
  return buildAttackGraph(await snapshotFromYaml(BASE + yaml));
}

describe('exposure', () => {
  it('a LoadBalancer Service exposes its backends to an exploit from the internet', async () => {
    const g = await graphOf(svc('LoadBalancer'));
    expect(edgeStrings(g, (e) => e.from === 'external:internet')).toContain(
      'EXPOSED_TO_INTERNET external:internet service:shop/web',
    );
    expect(edgeStrings(g, (e) => e.from === 'service:shop/web')).toEqual([
      'ENDPOINT_EXPLOIT service:shop/web container:shop/web/c',
    ]);
  });

  it('a ClusterIP Service is not exposed', async () => {
    const g = await graphOf(svc('ClusterIP'));
    expect(edgeStrings(g, (e) => e.kind === 'EXPOSED_TO_INTERNET')).toEqual([]);
  });

  it("an ingress policy that admits no external address cuts the internet's exploit", async () => {
    const g = await graphOf(
      svc('NodePort') +
        np(
          'only-pods',
          'shop',
          '{ podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ podSelector: {} }] }] }',
        ),
    );
    expect(edgeStrings(g, (e) => e.from === 'service:shop/web')).toEqual([]);
  });

  it('an Ingress backend is exposed even behind a ClusterIP Service', async () => {
    const ing = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: shop, namespace: shop }\nspec: { rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }] }\n---\n`;
    const g = await graphOf(svc('ClusterIP') + ing);
    expect(edgeStrings(g, (e) => e.from === 'external:internet' && e.kind === 'EXPOSED_TO_INTERNET')).toEqual(
      ['EXPOSED_TO_INTERNET external:internet service:shop/web'],
    );
  });

  // Through an Ingress the backend is reached from the controller's pods, so its ingress
  // policies apply to them (kubernetes.io/docs/concepts/services-networking/network-policies);
  // the controller is the pod whose service account may list Ingresses.
  const ingress = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: shop, namespace: shop }\nspec: { rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }] }\n---\n`;
  const controllerRbac = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ingress-controller }\nrules: [{ apiGroups: [networking.k8s.io], resources: [ingresses], verbs: [get, list, watch] }]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: ingress-controller }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ingress-controller }\nsubjects: [{ kind: ServiceAccount, name: ingress-nginx, namespace: ingress-nginx }]\n---\n`;
  const controller = (hostNetwork = false) =>
    controllerRbac +
    `apiVersion: v1\nkind: Pod\nmetadata: { name: ctl, namespace: ingress-nginx, labels: { app: ingress-nginx } }\nspec: { nodeName: n1, serviceAccountName: ingress-nginx, hostNetwork: ${hostNetwork}, containers: [{ name: c, ports: [{ containerPort: 443 }] }] }\n---\n`;
  const denyShop = np('deny', 'shop', '{ podSelector: {}, policyTypes: [Ingress] }');
  const exploits = (g: AttackGraph) => edgeStrings(g, (e) => e.from === 'service:shop/web');
  it('an Ingress does not reach a backend whose ingress policies admit no controller pod', async () => {
    const g = await graphOf(svc('ClusterIP') + ingress + controller() + denyShop);
    expect(exploits(g)).toEqual([]);
    expect(reachable(g, 'external:internet').has('container:shop/web/c')).toBe(false);
  });
  it("an Ingress reaches a backend whose policies admit the controller's namespace", async () => {
    const fromController = np(
      'from-ingress',
      'shop',
      '{ podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }] }] }',
    );
    const g = await graphOf(svc('ClusterIP') + ingress + controller() + fromController);
    expect(exploits(g)).toEqual(['ENDPOINT_EXPLOIT service:shop/web container:shop/web/c']);
    const edge = g.edges.find((e) => e.from === 'service:shop/web')!;
    expect(edge.evidence.map((e) => e.note).filter(Boolean)).toContain(
      'from Ingress controller ingress-nginx/ctl',
    );
  });
  it('an Ingress does not reach a backend that admits only pods of its own kind', async () => {
    const onlyWeb = np(
      'only-web',
      'shop',
      '{ podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }] }',
    );
    const g = await graphOf(svc('ClusterIP') + ingress + controller() + onlyWeb);
    expect(exploits(g)).toEqual([]);
  });
  // Errs towards a path: a false "no path" is the worst answer kubepath can give.
  it('a host-network controller reaches even a default-deny backend (a node reaches its own pods)', async () => {
    const g = await graphOf(svc('ClusterIP') + ingress + controller(true) + denyShop);
    expect(exploits(g)).toEqual(['ENDPOINT_EXPLOIT service:shop/web container:shop/web/c']);
  });
  it('with no Ingress controller in the snapshot, the backend is assumed reached, and the evidence says so', async () => {
    const g = await graphOf(svc('ClusterIP') + ingress + denyShop);
    expect(exploits(g)).toEqual(['ENDPOINT_EXPLOIT service:shop/web container:shop/web/c']);
    const notes = g.edges.find((e) => e.from === 'service:shop/web')!.evidence.map((e) => e.note);
    expect(notes).toContain('no Ingress controller in the snapshot: assumed to reach the backend');
  });
  it('a controller bound only in its own namespace serves the Ingresses of that namespace', async () => {
    const local = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: ctl, namespace: shop }\nrules: [{ apiGroups: [networking.k8s.io], resources: [ingresses], verbs: [list, watch] }]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: ctl, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ctl }\nsubjects: [{ kind: ServiceAccount, name: ctl, namespace: shop }]\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: ctl, namespace: shop, labels: { app: ctl } }\nspec: { nodeName: n1, serviceAccountName: ctl, containers: [{ name: c }] }\n---\n`;
    const fromCtl = np(
      'from-ctl',
      'shop',
      '{ podSelector: { matchLabels: { app: web } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: ctl } } }] }] }',
    );
    expect(exploits(await graphOf(svc('ClusterIP') + ingress + local + fromCtl))).toEqual([
      'ENDPOINT_EXPLOIT service:shop/web container:shop/web/c',
    ]);
    expect(exploits(await graphOf(svc('ClusterIP') + ingress + local + denyShop))).toEqual([]);
  });

  it('a hostPort is exposed on the node', async () => {
    const g = await graphOf(
      `apiVersion: v1\nkind: Pod\nmetadata: { name: hp, namespace: ops }\nspec: { nodeName: n1, containers: [{ name: c, ports: [{ containerPort: 9000, hostPort: 9000 }] }] }\n---\n`,
    );
    expect(edgeStrings(g, (e) => e.to === 'pod:ops/hp' && e.kind === 'EXPOSED_TO_INTERNET')).toEqual([
      'EXPOSED_TO_INTERNET external:internet pod:ops/hp',
    ]);
  });

  it('the internet speaks to the API server as system:anonymous', async () => {
    const g = await graphOf('');
    expect(edgeStrings(g, (e) => e.kind === 'ANONYMOUS_API')).toEqual([
      'ANONYMOUS_API external:internet user:system:anonymous',
    ]);
    // Without a kube-bench result this is the default, not a fact about this cluster.
    expect(g.edges.find((e) => e.kind === 'ANONYMOUS_API')!.evidence[0]!.note).toMatch(/^assumed: /);
  });
});

describe('lateral movement', () => {
  it('without policies, a container reaches (through an exploit) the containers that listen', async () => {
    const g = await graphOf('');
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/db/c')).toBe(true);
    // and only through ENDPOINT_EXPLOIT: the cost says it
    const costs = g.edges
      .filter((e) => e.to === 'container:shop/db/c' && e.kind === 'ENDPOINT_EXPLOIT')
      .map((e) => e.cost);
    expect(costs).toEqual([5]);
  });

  it('a default-deny ingress policy keeps other pods out, and allows what a rule allows', async () => {
    const g = await graphOf(
      np('deny', 'shop', '{ podSelector: {}, policyTypes: [Ingress] }') +
        np(
          'web-to-db',
          'shop',
          '{ podSelector: { matchLabels: { app: db } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 5432 }] }] }',
        ),
    );
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/db/c')).toBe(false);
    expect(reachable(g, 'container:shop/web/c').has('container:shop/db/c')).toBe(true);
  });

  it('an egress policy on the source keeps it in', async () => {
    const g = await graphOf(np('no-egress', 'ops', '{ podSelector: {}, policyTypes: [Egress] }'));
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/db/c')).toBe(false);
  });

  it('pods with the same policies share one class (linear size)', async () => {
    const many = Array.from(
      { length: 20 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: { name: w${i}, namespace: shop, labels: { app: web } }\nspec: { nodeName: n1, containers: [{ name: c, ports: [{ containerPort: 80 }] }] }\n---\n`,
    ).join('');
    const g = await graphOf(many);
    const classes = [...g.vertices.keys()].filter((id) => id.startsWith('netclass:from/'));
    expect(classes.length).toBeLessThanOrEqual(3); // shop/web-like, shop/db, ops/tool
  });
});

describe('port-aware exploits', () => {
  const egressOnly = (ports: string) =>
    np('egress', 'ops', `{ podSelector: {}, policyTypes: [Egress], egress: [{ ports: [${ports}] }] }`);
  it('an egress policy that allows only DNS leads to no container listening elsewhere', async () => {
    const g = await graphOf(egressOnly('{ port: 53, protocol: UDP }, { port: 53 }'));
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/db/c')).toBe(false);
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/web/c')).toBe(false);
  });
  it('an egress policy that allows the listening port keeps that exploit, and only that one', async () => {
    const g = await graphOf(egressOnly('{ port: 5432 }'));
    expect(reachable(g, 'container:ops/tool/c').has('container:shop/db/c')).toBe(true);
    // Directly, the tool's traffic lands only on port 5432 (web is reached later, from db).
    const toolClass = g.edges.find(
      (e) => e.from === 'container:ops/tool/c' && e.kind === 'NETWORK_REACH',
    )!.to;
    const landings = g.edges
      .filter((e) => e.from === toolClass)
      .flatMap((e) =>
        g.edges.filter((x) => x.from === e.to && x.kind === 'ENDPOINT_EXPLOIT').map((x) => x.to),
      );
    expect(landings).toEqual(['container:shop/db/c']);
  });
  it('an exploit step says which ports it goes through', async () => {
    const g = await graphOf('');
    const step = g.edges.find((e) => e.kind === 'ENDPOINT_EXPLOIT' && e.to === 'container:shop/db/c')!;
    expect(step.evidence.map((e) => e.note)).toContain(
      'assumes code execution in the container through TCP/5432',
    );
  });
  it('a container that declares no port and backs no Service is no endpoint (KubeHound semantics)', async () => {
    const g = await graphOf('');
    expect(g.edges.filter((e) => e.kind === 'ENDPOINT_EXPLOIT' && e.to === 'container:ops/tool/c')).toEqual(
      [],
    );
    expect(reachable(g, 'container:shop/web/c').has('container:ops/tool/c')).toBe(false);
  });
  it('a Service makes its numeric targetPort an endpoint even when no container declares it (assumed)', async () => {
    const g = await graphOf(
      'apiVersion: v1\nkind: Service\nmetadata: { name: tool, namespace: ops }\nspec: { selector: { app: tool }, ports: [{ port: 80, targetPort: 9000 }] }\n---\n',
    );
    const steps = g.edges.filter((e) => e.kind === 'ENDPOINT_EXPLOIT' && e.to === 'container:ops/tool/c');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((e) => e.cost === 6)).toBe(true);
    expect(reachable(g, 'container:shop/web/c').has('container:ops/tool/c')).toBe(true);
  });
  it("an internet-facing Service reaches its backend only on a port the backend's ingress admits", async () => {
    const admit = (port: number) =>
      np(
        'from-anywhere',
        'shop',
        `{ podSelector: { matchLabels: { app: web } }, ingress: [{ ports: [{ port: ${port} }] }] }`,
      );
    const closed = await graphOf(svc('LoadBalancer') + admit(443));
    expect(edgeStrings(closed, (e) => e.from === 'service:shop/web')).toEqual([]);
    const open = await graphOf(svc('LoadBalancer') + admit(8080));
    expect(edgeStrings(open, (e) => e.from === 'service:shop/web')).toEqual([
      'ENDPOINT_EXPLOIT service:shop/web container:shop/web/c',
    ]);
  });
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/ ("Pod isolation"):
  // "NetworkPolicy behavior for hostNetwork pods is undefined"; most CNIs treat their traffic
  // as the node's, which no policy selects. kubepath does the same: a default-deny does not
  // keep a hostNetwork pod's traffic in or out.
  it("hostNetwork pods are not selected by policies: their traffic is the node's (the docs leave it undefined)", async () => {
    const agent =
      'apiVersion: v1\nkind: Pod\nmetadata: { name: agent, namespace: ops, labels: { app: agent } }\nspec: { nodeName: n1, hostNetwork: true, containers: [{ name: c, ports: [{ containerPort: 9100 }] }] }\n---\n';
    const g = await graphOf(
      agent + np('deny-all', 'ops', '{ podSelector: {}, policyTypes: [Ingress, Egress] }'),
    );
    expect(reachable(g, 'container:shop/web/c').has('container:ops/agent/c')).toBe(true);
    expect(reachable(g, 'container:ops/agent/c').has('container:shop/db/c')).toBe(true);
    expect(reachable(g, 'container:shop/web/c').has('container:ops/tool/c')).toBe(false);
  });
});

describe('cloud metadata', () => {
  it('is reachable unless egress blocks 169.254.169.254', async () => {
    const open = await graphOf('');
    expect(reachable(open, 'container:ops/tool/c').has('cloud:instance-metadata')).toBe(true);
    const blocked = await graphOf(
      np(
        'block-imds',
        'ops',
        '{ podSelector: {}, policyTypes: [Egress], egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }] }',
      ),
    );
    expect(reachable(blocked, 'container:ops/tool/c').has('cloud:instance-metadata')).toBe(false);
  });
});

describe('anonymous API and workload identity', () => {
  it('the anonymous API edge can be turned off', async () => {
    const g = buildAttackGraph(await snapshotFromYaml(BASE), { network: { anonymousApi: false } });
    expect(edgeStrings(g, (e) => e.kind === 'ANONYMOUS_API')).toEqual([]);
  });

  it('an annotated service account holds its cloud role; an unannotated one does not', async () => {
    const sas =
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: uploader, namespace: shop, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::000000000000:role/uploader" } }\n---\n` +
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: plain, namespace: shop }\n---\n`;
    const g = await graphOf(sas);
    expect(edgeStrings(g, (e) => e.kind === 'CLOUD_WORKLOAD_IDENTITY')).toEqual([
      'CLOUD_WORKLOAD_IDENTITY sa:shop/uploader cloud:arn:aws:iam::000000000000:role/uploader',
    ]);
  });
});

describe('port-forward', () => {
  it('reaches the listening containers of its namespace, past the policies', async () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: pf, namespace: shop }\nrules: [{ apiGroups: [""], resources: [pods/portforward], verbs: [create] }]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: pf, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pf }\nsubjects: [{ kind: User, name: dev }]\n---\n`;
    const g = await graphOf(role + np('deny', 'shop', '{ podSelector: {}, policyTypes: [Ingress] }'));
    expect(edgeStrings(g, (e) => e.from === 'hub:port-forward/shop')).toEqual([
      'ENDPOINT_EXPLOIT hub:port-forward/shop container:shop/db/c',
      'ENDPOINT_EXPLOIT hub:port-forward/shop container:shop/web/c',
    ]);
  });
});
