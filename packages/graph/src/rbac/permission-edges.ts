/**
 * What a holder's rules allow, as attack-graph edges (DESIGN.md "Identity and RBAC"). One
 * function per primitive; each names the Kubernetes permission it reads. Targets are hubs
 * (scoped to the holder's namespace, or cluster-wide) or named objects when `resourceNames`
 * limit the rule.
 */
import { CLUSTER_ADMIN, ids, type EdgeKind, type VertexId } from '@kubepath/model';
import type { Evidence, GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import {
  allowsAny,
  allowsName,
  holderEvidence,
  isClusterWide,
  probe,
  type Holder,
  type Probe,
} from './holders.js';
import { hub, type HubCapability } from './hubs.js';
import { isWildcardRule } from './rule-match.js';

/** Everything the permission edges need. */
export interface RbacContext {
  b: GraphBuilder;
  inv: Inventory;
  /** True when the cluster runs on EKS (aws-auth ConfigMap or EKS node labels seen). */
  isEks: boolean;
}

const RBAC = 'rbac.authorization.k8s.io';

/** Resources whose create (or rewrite) runs a pod of the attacker's choosing. */
export const POD_CREATORS: readonly (readonly [string, string])[] = [
  ['', 'pods'],
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'statefulsets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['', 'replicationcontrollers'],
];

/**
 * Verbs that open a streaming subresource. Before the WebSocket authorization fix
 * (`AuthorizePodWebsocketUpgradeCreatePermission`, 1.35) the upgrade request was authorized as
 * `get`, so `get pods/exec` and `get nodes/proxy` are enough on most clusters in use.
 */
const STREAM_VERBS = ['create', 'get'];

/** A hub in the holder's scope. */
function scopedHub(ctx: RbacContext, h: Holder, capability: HubCapability): VertexId {
  return h.namespace === undefined
    ? hub(ctx.b, capability)
    : hub(ctx.b, capability, h.namespace, h.namespace);
}

function edge(
  ctx: RbacContext,
  kind: EdgeKind,
  from: VertexId,
  to: VertexId,
  evidence: Evidence[],
  cost?: number,
): void {
  ctx.b.edge(kind, from, to, evidence, cost);
}

/** The namespaces a holder's named objects can be in. */
const namespacesOf = (ctx: RbacContext, h: Holder) =>
  h.namespace === undefined ? ctx.inv.sortedNamespaces() : [h.namespace];

/** Edges to the pods a rule names, or to the hub for all pods in scope. */
function podTargets(ctx: RbacContext, h: Holder, kind: EdgeKind, p: Probe): void {
  const r = probe(h, p);
  if (r.names === 'all') return edge(ctx, kind, h.id, scopedHub(ctx, h, 'exec'), holderEvidence(h, r.rules));
  for (const name of r.names) {
    for (const ns of namespacesOf(ctx, h)) {
      const pod = (ctx.inv.podsByNamespace.get(ns) ?? []).find((x) => x.name === name);
      if (pod) edge(ctx, kind, h.id, pod.id, holderEvidence(h, allowsName(h, p, name)));
    }
  }
}

/** create pods or any pod-creating workload → run pods of one's choosing in the scope. */
function podCreate(ctx: RbacContext, h: Holder): void {
  const rules = POD_CREATORS.flatMap(([apiGroup, resource]) =>
    allowsAny(h, { verbs: ['create'], apiGroup, resource }),
  );
  if (rules.length) edge(ctx, 'POD_CREATE', h.id, scopedHub(ctx, h, 'pod-create'), holderEvidence(h, rules));
}

/** patch/update pods (swap an image) or workloads (rewrite the template: same power as create). */
function podPatch(ctx: RbacContext, h: Holder): void {
  podTargets(ctx, h, 'POD_PATCH', { verbs: ['patch', 'update'], apiGroup: '', resource: 'pods' });
  const rules = POD_CREATORS.filter(([, r]) => r !== 'pods').flatMap(([apiGroup, resource]) => {
    // Even a rule limited to one workload by name lets its template be rewritten.
    const result = probe(h, { verbs: ['patch', 'update'], apiGroup, resource });
    return result.rules;
  });
  if (rules.length) {
    edge(ctx, 'POD_PATCH', h.id, scopedHub(ctx, h, 'pod-create'), [
      ...holderEvidence(h, rules),
      {
        ...h.evidence[0]!,
        note: 'rewriting a workload template runs any pod spec, as any service account of the namespace',
      },
    ]);
  }
}

function podStreams(ctx: RbacContext, h: Holder): void {
  podTargets(ctx, h, 'POD_EXEC', {
    verbs: STREAM_VERBS,
    apiGroup: '',
    resource: 'pods',
    subresource: 'exec',
  });
  podTargets(ctx, h, 'POD_ATTACH_STREAM', {
    verbs: STREAM_VERBS,
    apiGroup: '',
    resource: 'pods',
    subresource: 'attach',
  });
  podTargets(ctx, h, 'POD_EPHEMERAL_CONTAINER', {
    verbs: ['update', 'patch'],
    apiGroup: '',
    resource: 'pods',
    subresource: 'ephemeralcontainers',
  });
  const pf = probe(h, { verbs: STREAM_VERBS, apiGroup: '', resource: 'pods', subresource: 'portforward' });
  if (pf.names === 'all')
    edge(ctx, 'POD_PORT_FORWARD', h.id, scopedHub(ctx, h, 'port-forward'), holderEvidence(h, pf.rules));
}

/** get → TOKEN_BRUTEFORCE, list/watch → TOKEN_LIST (a list returns every value). */
function secrets(ctx: RbacContext, h: Holder): void {
  const list = probe(h, { verbs: ['list', 'watch'], apiGroup: '', resource: 'secrets' });
  const get = probe(h, { verbs: ['get'], apiGroup: '', resource: 'secrets' });
  for (const [kind, r] of [
    ['TOKEN_LIST', list],
    ['TOKEN_BRUTEFORCE', get],
  ] as const) {
    if (r.names === 'all') {
      if (kind === 'TOKEN_BRUTEFORCE' && list.names === 'all') continue; // list already reads them all
      edge(ctx, kind, h.id, scopedHub(ctx, h, 'secrets'), holderEvidence(h, r.rules));
      continue;
    }
    for (const name of r.names) {
      for (const ns of namespacesOf(ctx, h)) {
        const known = (ctx.inv.secrets.get(ns) ?? []).includes(name);
        // A named secret is only "there" if seen; without Secrets in the input, trust the rule.
        if (!known && (ctx.inv.sawSecrets || h.namespace === undefined)) continue;
        const id = secretVertex(ctx, ns, name);
        edge(
          ctx,
          kind,
          h.id,
          id,
          holderEvidence(
            h,
            allowsName(
              h,
              {
                verbs: kind === 'TOKEN_LIST' ? ['list', 'watch'] : ['get'],
                apiGroup: '',
                resource: 'secrets',
              },
              name,
            ),
          ),
        );
      }
    }
  }
}

export function secretVertex(ctx: RbacContext, namespace: string, name: string): VertexId {
  return ctx.b.vertex(ids.secret(namespace, name), { kind: 'secret', namespace, name });
}

export function serviceAccountVertex(ctx: RbacContext, namespace: string, name: string): VertexId {
  ctx.inv.addServiceAccount(namespace, name);
  return ctx.b.vertex(ids.serviceAccount(namespace, name), { kind: 'sa', namespace, name });
}

/**
 * Edges to the service accounts a probe allows: the hub of every SA in scope, or the SAs the
 * rule names (in a cluster-wide holder, only where such an SA exists).
 */
function serviceAccountTargets(ctx: RbacContext, h: Holder, kind: EdgeKind, p: Probe): void {
  const r = probe(h, p);
  if (r.names === 'all')
    return edge(ctx, kind, h.id, scopedHub(ctx, h, 'service-accounts'), holderEvidence(h, r.rules));
  for (const name of r.names) {
    for (const ns of namespacesOf(ctx, h)) {
      if (h.namespace === undefined && !ctx.inv.serviceAccounts.get(ns)?.has(name)) continue;
      edge(ctx, kind, h.id, serviceAccountVertex(ctx, ns, name), holderEvidence(h, allowsName(h, p, name)));
    }
  }
}

/** create serviceaccounts/token → a token for the service account. */
function tokenRequest(ctx: RbacContext, h: Holder): void {
  serviceAccountTargets(ctx, h, 'TOKEN_REQUEST', {
    verbs: ['create'],
    apiGroup: '',
    resource: 'serviceaccounts',
    subresource: 'token',
  });
}

/** impersonate users (cluster-scoped) and serviceaccounts (namespaced); groups need a user too (see conjunctions). */
function impersonate(ctx: RbacContext, h: Holder): void {
  const users = probe(h, { verbs: ['impersonate'], apiGroup: '', resource: 'users', clusterScoped: true });
  if (users.names === 'all')
    edge(ctx, 'IDENTITY_IMPERSONATE', h.id, hub(ctx.b, 'users'), holderEvidence(h, users.rules));
  else {
    for (const name of users.names) {
      edge(
        ctx,
        'IDENTITY_IMPERSONATE',
        h.id,
        ctx.b.vertex(ids.user(name), { kind: 'user', name }),
        holderEvidence(h, users.rules),
      );
    }
  }
  serviceAccountTargets(ctx, h, 'IDENTITY_IMPERSONATE', {
    verbs: ['impersonate'],
    apiGroup: '',
    resource: 'serviceaccounts',
  });
}

/** nodes/proxy: the kubelet API runs commands in any pod of the node (cluster-scoped). */
function nodeProxy(ctx: RbacContext, h: Holder): void {
  const r = probe(h, {
    verbs: STREAM_VERBS,
    apiGroup: '',
    resource: 'nodes',
    subresource: 'proxy',
    clusterScoped: true,
  });
  if (r.names === 'all') return edge(ctx, 'NODE_PROXY', h.id, hub(ctx.b, 'exec'), holderEvidence(h, r.rules));
  for (const node of r.names) {
    edge(ctx, 'NODE_PROXY', h.id, hub(ctx.b, 'kubelet', node), holderEvidence(h, r.rules));
  }
}

/** Writing admission webhook configurations intercepts (mutating: rewrites) what others send. */
function webhooks(ctx: RbacContext, h: Holder): void {
  const write = ['create', 'update', 'patch'];
  const mutating = allowsAny(h, {
    verbs: write,
    apiGroup: 'admissionregistration.k8s.io',
    resource: 'mutatingwebhookconfigurations',
    clusterScoped: true,
  });
  if (mutating.length) {
    edge(ctx, 'WEBHOOK_CONTROL', h.id, hub(ctx.b, 'pod-create'), holderEvidence(h, mutating));
    edge(ctx, 'WEBHOOK_CONTROL', h.id, hub(ctx.b, 'secrets'), holderEvidence(h, mutating));
  }
  const validating = allowsAny(h, {
    verbs: write,
    apiGroup: 'admissionregistration.k8s.io',
    resource: 'validatingwebhookconfigurations',
    clusterScoped: true,
  });
  if (validating.length)
    edge(ctx, 'WEBHOOK_CONTROL', h.id, hub(ctx.b, 'secrets'), holderEvidence(h, validating));
}

/** EKS: update kube-system/aws-auth → map an AWS identity to system:masters. */
function awsAuth(ctx: RbacContext, h: Holder): void {
  if (!ctx.isEks || (h.namespace !== undefined && h.namespace !== 'kube-system')) return;
  const rules = allowsName(
    h,
    { verbs: ['update', 'patch'], apiGroup: '', resource: 'configmaps' },
    'aws-auth',
  );
  if (rules.length)
    edge(
      ctx,
      'AWS_AUTH_PATCH',
      h.id,
      ctx.b.vertex(ids.group('system:masters'), { kind: 'group', name: 'system:masters' }),
      holderEvidence(h, rules),
    );
}

/** `*` on `*` in `*`, cluster-wide: cluster-admin. Returns whether it is. */
function clusterAdmin(ctx: RbacContext, h: Holder): boolean {
  if (!isClusterWide(h)) return false;
  const rules = h.rules.filter((r) => isWildcardRule(r.rule));
  if (rules.length) edge(ctx, 'CLUSTER_ADMIN', h.id, CLUSTER_ADMIN, holderEvidence(h, rules));
  return rules.length > 0;
}

/**
 * Every single-permission edge of one holder. A cluster-admin holder gets only its
 * CLUSTER_ADMIN edge: everything else it could do is implied, and repeating it would only
 * hide the one fix that matters. Returns true for such a holder.
 */
export function addPermissionEdges(ctx: RbacContext, h: Holder): boolean {
  if (clusterAdmin(ctx, h)) return true;
  podCreate(ctx, h);
  podPatch(ctx, h);
  podStreams(ctx, h);
  secrets(ctx, h);
  tokenRequest(ctx, h);
  impersonate(ctx, h);
  nodeProxy(ctx, h);
  webhooks(ctx, h);
  awsAuth(ctx, h);
  return false;
}

export { RBAC };
