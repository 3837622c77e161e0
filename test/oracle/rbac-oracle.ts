/**
 * The RBAC differential test: a random case (rbac-model.ts) is applied to the real
 * kube-apiserver of scripts/test-cluster.mjs, every (identity, request) pair is put to it as a
 * SubjectAccessReview — the server's own authorizer is the oracle — and kubepath answers the
 * same request with who-can's code (buildRequest + RbacAuthorizer.whoCan) on a snapshot of
 * the same objects as files: the case's manifests as written (aggregation not yet done) plus
 * the ClusterRoles and ClusterRoleBindings the server already had (its bootstrap roles).
 * A mismatch is shrunk to a small case by applying smaller ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import {
  RbacAuthorizer,
  ResourceCatalog,
  catalogFor,
  buildRequest,
  type RequestAttributes,
  type ResourceRequest,
} from '@kubepath/graph';
import { kube, type TestClusterState } from '@kubepath/testkit';
import { render, type Identity, type Manifest, type RbacCase, type RequestSpec } from './rbac-model.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export interface Mismatch {
  identity: string;
  request: RequestSpec;
  server: boolean;
  kubepath: boolean;
}

export interface OracleResult {
  pairs: number;
  allowed: number;
  mismatches: Mismatch[];
  seconds: { apply: number; reviews: number; kubepath: number };
}

/** Runs `tasks` with at most `width` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

async function must(state: TestClusterState, method: string, path: string, body?: unknown) {
  const res = await kube(state, method, path, body);
  if (res.status >= 300 && !(method === 'DELETE' && res.status === 404))
    throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

const pathOf = (o: Manifest) => {
  if (o.kind === 'Namespace') return '/api/v1/namespaces';
  const plural = {
    ClusterRole: 'clusterroles',
    ClusterRoleBinding: 'clusterrolebindings',
    Role: 'roles',
    RoleBinding: 'rolebindings',
  }[o.kind];
  return o.metadata.namespace ? `${RBAC}/namespaces/${o.metadata.namespace}/${plural}` : `${RBAC}/${plural}`;
};

/** The ClusterRoles and ClusterRoleBindings the server holds now (bootstrap and earlier tests'). */
export async function serverBase(state: TestClusterState): Promise<Manifest[]> {
  const list = async (resource: string, kind: string) =>
    ((await must(state, 'GET', `${RBAC}/${resource}`)) as { items: Manifest[] }).items.map((o) => ({
      ...o,
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
    }));
  return [
    ...(await list('clusterroles', 'ClusterRole')),
    ...(await list('clusterrolebindings', 'ClusterRoleBinding')),
  ];
}

/**
 * Waits until the aggregation controller is done: every aggregated ClusterRole's rules the
 * same set in two reads half a second apart (the authorizer's informers follow within that
 * time), for up to 60 s. A set, not a list: roles that aggregate each other in a cycle are
 * rewritten by the controller forever, the same rules in the order its lister returns them
 * (seen with seed 1994140893), and the authorizer's answer depends only on the set.
 */
async function settle(state: TestClusterState): Promise<void> {
  const read = async () =>
    JSON.stringify(
      (
        (await must(state, 'GET', `${RBAC}/clusterroles`)) as {
          items: (Manifest & { aggregationRule?: unknown; rules?: unknown[] })[];
        }
      ).items
        .filter((o) => o.aggregationRule)
        .map((o) => [o.metadata.name, (o.rules ?? []).map((rule) => JSON.stringify(rule)).sort()]),
    );
  let last = await read();
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await read();
    if (now === last) return;
    last = now;
  }
  throw new Error('the ClusterRole aggregation controller did not settle in 60 s');
}

async function apply(state: TestClusterState, objects: Manifest[]): Promise<void> {
  const order = ['Namespace', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'];
  for (const kind of order)
    await pool(
      objects.filter((o) => o.kind === kind).map((o) => () => must(state, 'POST', pathOf(o), o)),
      8,
    );
  await settle(state);
}

async function remove(state: TestClusterState, objects: Manifest[]): Promise<void> {
  // Cluster-wide objects by name; namespaced ones go with their namespace.
  const doomed = objects.filter((o) => !o.metadata.namespace);
  await pool(
    doomed.map((o) => () => must(state, 'DELETE', `${pathOf(o)}/${o.metadata.name}`)),
    8,
  );
}

/** The server's answer: a SubjectAccessReview with the attributes the real request would carry. */
async function review(state: TestClusterState, who: Identity, request: RequestAttributes): Promise<boolean> {
  const spec: Record<string, unknown> = { groups: who.groups };
  if (who.user) spec.user = who.user;
  if ('path' in request) spec.nonResourceAttributes = { path: request.path, verb: request.verb };
  else
    spec.resourceAttributes = {
      verb: request.verb,
      group: request.apiGroup,
      resource: request.resource,
      ...(request.subresource ? { subresource: request.subresource } : {}),
      ...(request.namespace ? { namespace: request.namespace } : {}),
      ...(request.name !== undefined ? { name: request.name } : {}),
    };
  const body = await must(state, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec,
  });
  return (body as { status: { allowed: boolean } }).status.allowed === true;
}

/**
 * The request attributes the server is asked about, from the server's own discovery (not
 * kubepath's table): a cluster-scoped resource carries no namespace; a Namespace object is in
 * itself when the path names it. An unserved resource (widgets.example.com) is namespaced.
 */
export function serverRequest(spec: RequestSpec, scopes: Map<string, boolean>): RequestAttributes {
  if (spec.resource.startsWith('/')) return { verb: spec.verb, path: spec.resource };
  const [main, subresource] = spec.resource.split('/') as [string, string | undefined];
  const dot = main.indexOf('.');
  const resource = dot < 0 ? main : main.slice(0, dot);
  let group = dot < 0 ? undefined : main.slice(dot + 1);
  if (group === undefined) {
    const groups = [...scopes.keys()]
      .filter((k) => k.endsWith(`\t${resource}`))
      .map((k) => k.split('\t')[0]!);
    group = groups.includes('') ? '' : (groups[0] ?? '');
  }
  const namespaced = scopes.get(`${group}\t${resource}`) ?? true;
  const out: ResourceRequest = { verb: spec.verb, apiGroup: group, resource };
  if (subresource) out.subresource = subresource;
  if (spec.name !== undefined) out.name = spec.name;
  if (group === '' && resource === 'namespaces') {
    const inPath =
      spec.name !== undefined &&
      (subresource || !['list', 'watch', 'create', 'deletecollection'].includes(spec.verb));
    if (inPath) out.namespace = spec.name;
  } else if (namespaced && spec.namespace) out.namespace = spec.namespace;
  return out;
}

/** Every resource the server serves, `group\tresource` → namespaced, plus the authorizer-only ones. */
export async function serverScopes(state: TestClusterState): Promise<Map<string, boolean>> {
  const scopes = new Map<string, boolean>();
  const add = (group: string, list: { resources: { name: string; namespaced: boolean }[] }) => {
    for (const r of list.resources)
      if (!r.name.includes('/')) scopes.set(`${group}\t${r.name}`, r.namespaced);
  };
  add('', (await must(state, 'GET', '/api/v1')) as never);
  const groups = (await must(state, 'GET', '/apis')) as {
    groups: { name: string; preferredVersion: { version: string } }[];
  };
  for (const g of groups.groups)
    add(g.name, (await must(state, 'GET', `/apis/${g.name}/${g.preferredVersion.version}`)) as never);
  // Impersonation and signers are authorized without being served resources.
  for (const [group, resource] of [
    ['', 'users'],
    ['', 'groups'],
    ['certificates.k8s.io', 'signers'],
  ])
    scopes.set(`${group}\t${resource}`, false);
  return scopes;
}

/** kubepath's answer for each identity: who-can's subjects, matched as the server matches subjects. */
function kubepathAllows(
  auth: RbacAuthorizer,
  catalog: ResourceCatalog,
  spec: RequestSpec,
  identities: Identity[],
): boolean[] {
  const { request } = buildRequest(spec, catalog);
  const subjects = auth.whoCan(request).flatMap((a) => a.grant.subjects);
  return identities.map((who) =>
    subjects.some((s) =>
      s.kind === 'User'
        ? s.name === who.user
        : s.kind === 'Group'
          ? who.groups.includes(s.name)
          : who.serviceAccount?.namespace === s.namespace && who.serviceAccount?.name === s.name,
    ),
  );
}

/** Applies a case under `prefix`, compares every pair, deletes the case. */
export async function runCase(
  state: TestClusterState,
  abstract: RbacCase,
  prefix: string,
  base: Manifest[],
  scopes: Map<string, boolean>,
  only?: { identity: string; request: RequestSpec },
): Promise<OracleResult> {
  const c = render(abstract, prefix);
  const t0 = performance.now();
  await apply(state, c.objects);
  const t1 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-oracle-'));
  try {
    const identities = only
      ? c.identities.filter((i) => i.label === render(only.identity, prefix))
      : c.identities;
    const requests = only ? [render(only.request, prefix)] : c.requests;
    const serverAnswers = await pool(
      requests.flatMap((spec) =>
        identities.map((who) => () => review(state, who, serverRequest(spec, scopes))),
      ),
      16,
    );
    const t2 = performance.now();
    // kubepath reads what a user would give it: manifests, the case's RBAC not yet aggregated.
    writeFileSync(
      join(dir, 'cluster.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...base, ...c.objects] }),
    );
    const snapshot = await loadSnapshotFromFiles([dir]);
    const auth = new RbacAuthorizer(snapshot);
    const catalog = catalogFor(snapshot.cluster.apiResources);
    const mismatches: Mismatch[] = [];
    let allowed = 0;
    requests.forEach((spec, ri) => {
      const ours = kubepathAllows(auth, catalog, spec, identities);
      identities.forEach((who, ii) => {
        const server = serverAnswers[ri * identities.length + ii]!;
        if (server) allowed++;
        if (server !== ours[ii])
          mismatches.push({
            identity: who.label.replaceAll(prefix, '@@'),
            request: JSON.parse(JSON.stringify(spec).replaceAll(prefix, '@@')) as RequestSpec,
            server,
            kubepath: ours[ii]!,
          });
      });
    });
    const t3 = performance.now();
    return {
      pairs: serverAnswers.length,
      allowed,
      mismatches,
      seconds: { apply: (t1 - t0) / 1000, reviews: (t2 - t1) / 1000, kubepath: (t3 - t2) / 1000 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await remove(state, c.objects);
  }
}

/**
 * The smallest case (objects removed one at a time, bindings first) that still shows the
 * mismatch, each attempt applied under a fresh prefix. Bounded by `attempts`.
 */
export async function shrink(
  state: TestClusterState,
  abstract: RbacCase,
  mismatch: Mismatch,
  base: Manifest[],
  scopes: Map<string, boolean>,
  prefixFor: (attempt: number) => string,
  attempts = 60,
): Promise<RbacCase> {
  let current: RbacCase = { ...abstract, requests: [mismatch.request] };
  const only = { identity: mismatch.identity, request: mismatch.request };
  let attempt = 0;
  const rank = (o: Manifest) =>
    ['RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole', 'Namespace'].indexOf(o.kind);
  let progress = true;
  while (progress && attempt < attempts) {
    progress = false;
    const candidates = [...current.objects]
      .sort((a, b) => rank(a) - rank(b))
      .filter((o) => o.kind !== 'Namespace');
    for (const o of candidates) {
      if (attempt >= attempts) break;
      const smaller: RbacCase = { ...current, objects: current.objects.filter((x) => x !== o) };
      const result = await runCase(state, smaller, prefixFor(attempt++), base, scopes, only);
      if (result.mismatches.length) {
        current = smaller;
        progress = true;
      }
    }
  }
  return current;
}
