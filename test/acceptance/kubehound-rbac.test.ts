// KubeHound's RBAC attack scenarios (../shared/corpus/kubehound, EXPECTED.md), with kubepath's
// ids and edge names. Where kubepath is deliberately more precise than KubeHound, the test
// says why. KubeHound's PermissionSet `<role>::<binding>` is kubepath's binding vertex.
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, type AttackGraph, type EdgeRecord } from '@kubepath/graph';
import { corpusDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

let graph: AttackGraph;
beforeAll(async () => {
  graph = buildAttackGraph(
    await loadSnapshotFromFiles([corpusDir('kubehound', 'test', 'setup', 'test-cluster')]),
  );
});

const fromBindings = (e: EdgeRecord) => e.from.startsWith('binding:') || e.from.startsWith('clusterbinding:');
const edges = (kind: string, filter: (e: EdgeRecord) => boolean = () => true) =>
  graph.edges
    .filter((e) => e.kind === kind && filter(e))
    .map((e) => `${e.from} -> ${e.to}`)
    .sort();
const targets = (kind: string, from: string) =>
  graph.edges
    .filter((e) => e.kind === kind && e.from === from)
    .map((e) => e.to)
    .sort();

const DEFAULT_PODS = [
  'control-pod',
  'endpoints-pod',
  'host-read-exploit-pod',
  'host-write-exploit-pod',
  'impersonate-pod',
  'modload-pod',
  'netadmin-pod',
  'nsenter-pod',
  'pod-create-pod',
  'pod-exec-pod',
  'pod-patch-pod',
  'priv-pod',
  'rolebind-pod-crb-cr-crb-cr',
  'rolebind-pod-crb-cr-crb-r-fail',
  'rolebind-pod-crb-cr-rb-cr',
  'rolebind-pod-crb-cr-rb-r',
  'rolebind-pod-rb-cr-crb-cr-fail',
  'rolebind-pod-rb-cr-rb-cr',
  'rolebind-pod-rb-cr-rb-r',
  'rolebind-pod-rb-r-crb-cr-fail',
  'rolebind-pod-rb-r-rb-crb',
  'rolebind-pod-rb-r-rb-r',
  'sharedps-pod1',
  'sharedps-pod2',
  'sys-ptrace-pod',
  'tokenget-pod',
  'tokenlist-pod',
  'umh-core-pod',
  'varlog-pod',
].map((p) => `pod:default/${p}`);

const DEFAULT_SAS = [
  'impersonate-sa',
  'pod-create-sa',
  'pod-exec-sa',
  'pod-patch-sa',
  'rolebind-sa-crb-cr-crb-cr',
  'rolebind-sa-crb-cr-crb-r-fail',
  'rolebind-sa-crb-cr-rb-cr',
  'rolebind-sa-crb-cr-rb-r',
  'rolebind-sa-rb-cr-crb-cr-fail',
  'rolebind-sa-rb-cr-rb-cr',
  'rolebind-sa-rb-cr-rb-r',
  'rolebind-sa-rb-r-crb-cr-fail',
  'rolebind-sa-rb-r-rb-crb',
  'rolebind-sa-rb-r-rb-r',
  'tokenget-sa',
  'tokenlist-sa',
  'varlog-sa',
].map((s) => `sa:default/${s}`);

describe('KubeHound corpus: RBAC scenarios', () => {
  it('POD_CREATE: only pod-create-pods creates pods in default; a privileged pod then reaches any node', () => {
    // KubeHound draws POD_CREATE straight to each node. kubepath goes through "create pods in
    // default", which also reaches every SA and secret of default; the node step exists
    // because default enforces no Pod Security. The corpus has no Node objects (kind makes
    // them), so hub:nodes has no members here.
    expect(edges('POD_CREATE', fromBindings)).toEqual([
      'binding:default/pod-create-pods -> hub:pod-create/default',
    ]);
    expect(targets('POD_CREATE_PRIVILEGED', 'hub:pod-create/default')).toEqual(['hub:nodes']);
    expect(targets('POD_CREATE_AS_SA', 'hub:pod-create/default')).toEqual(
      [...DEFAULT_SAS, 'sa:default/default'].sort(),
    );
  });

  it('POD_EXEC: exactly exec-pods, into the 29 pods of default and not vault-pod', () => {
    expect(edges('POD_EXEC', fromBindings)).toEqual(['binding:default/pod-exec-pods -> hub:exec/default']);
    expect(targets('HUB_MEMBER', 'hub:exec/default')).toEqual([...DEFAULT_PODS].sort());
  });

  it('POD_PATCH: exactly patch-pods, into the same pods', () => {
    expect(edges('POD_PATCH', fromBindings)).toEqual(['binding:default/pod-patch-pods -> hub:exec/default']);
  });

  it('TOKEN_BRUTEFORCE and TOKEN_LIST: read-secrets and list-secrets reach the 17 SAs of default', () => {
    expect(edges('TOKEN_BRUTEFORCE', fromBindings)).toEqual([
      'binding:default/pod-get-secrets -> hub:secrets/default',
    ]);
    expect(edges('TOKEN_LIST', fromBindings)).toEqual([
      'binding:default/pod-list-secrets -> hub:secrets/default',
    ]);
    // The corpus holds no Secrets, so legacy token secrets cannot be ruled out: kubepath assumes
    // one per SA (at cost 2, with a note), like KubeHound. It adds `default`, the SA Kubernetes
    // creates in every namespace, which KubeHound leaves out because nothing binds it.
    const assumed = graph.edges.filter(
      (e) => e.kind === 'SECRET_SA_TOKEN' && e.from === 'hub:secrets/default',
    );
    expect(assumed.map((e) => e.to).sort()).toEqual([...DEFAULT_SAS, 'sa:default/default'].sort());
    expect(assumed.every((e) => e.cost === 2 && e.evidence[0]?.note?.startsWith('assumed'))).toBe(true);
  });

  it('PERMISSION_DISCOVER: the 17 SAs of default reach their bindings (an SA subject without namespace is in default)', () => {
    const saEdges = edges('PERMISSION_DISCOVER', (e) => e.from.startsWith('sa:default/'));
    expect(saEdges).toHaveLength(17);
    expect(saEdges).toContain('sa:default/impersonate-sa -> binding:default/pod-impersonate');
    expect(
      edges(
        'PERMISSION_DISCOVER',
        (e) => e.from === 'user:user-rb-r-rb-r' || e.from === 'group:group-rb-r-rb-r',
      ),
    ).toEqual([
      'group:group-rb-r-rb-r -> binding:default/pod-bind-role-rb-r-rb-r-g',
      'user:user-rb-r-rb-r -> binding:default/pod-bind-role-rb-r-rb-r-u',
    ]);
  });

  it('IDENTITY_IMPERSONATE: none, because a Role cannot grant cluster-scoped users and groups', () => {
    // KubeHound has no impersonation edge at all; kubepath has one, and finds none here because
    // the scenario's Role is namespaced (RBAC never applies a RoleBinding to cluster-scoped resources).
    expect(edges('IDENTITY_IMPERSONATE', fromBindings)).toEqual([]);
  });

  it('ROLE_BIND: create bindings + bind, per scope, as the API server allows it', () => {
    const sources = [
      ...new Set(graph.edges.filter((e) => e.kind === 'ROLE_BIND' && fromBindings(e)).map((e) => e.from)),
    ].sort();
    // KubeHound's case 3 sources are rb-r-rb-r (+ -g, -u) and rb-cr-rb-r; it never treats a
    // RoleBinding → ClusterRole with `bind clusterroles` as a source (its "UC4", not
    // implemented). The API server does allow it: `bind` is checked in the new RoleBinding's
    // namespace, so rb-cr-rb-cr and rb-r-rb-crb can bind cluster-admin inside default.
    expect(sources).toEqual(
      [
        'binding:default/pod-bind-role-rb-cr-rb-cr',
        'binding:default/pod-bind-role-rb-cr-rb-r',
        'binding:default/pod-bind-role-rb-r-rb-crb',
        'binding:default/pod-bind-role-rb-r-rb-crb-g',
        'binding:default/pod-bind-role-rb-r-rb-crb-u',
        'binding:default/pod-bind-role-rb-r-rb-r',
        'binding:default/pod-bind-role-rb-r-rb-r-g',
        'binding:default/pod-bind-role-rb-r-rb-r-u',
        'clusterbinding:pod-bind-role-crb-cr-crb-cr',
        'clusterbinding:pod-bind-role-crb-cr-rb-cr',
        'clusterbinding:pod-bind-rola-crb-cr-rb-r',
      ].sort(),
    );
    // create clusterrolebindings + bind any clusterrole: bind cluster-admin itself.
    expect(targets('ROLE_BIND', 'clusterbinding:pod-bind-role-crb-cr-crb-cr')).toEqual([
      'target:cluster-admin',
    ]);
    // create rolebindings anywhere + bind any clusterrole: cluster-admin inside any namespace.
    expect(targets('ROLE_BIND', 'clusterbinding:pod-bind-role-crb-cr-rb-cr')).toEqual(['hub:role-grant/*/*']);
    // create rolebindings anywhere + bind roles: every Role of every namespace, vault's admin included.
    expect(targets('ROLE_BIND', 'clusterbinding:pod-bind-rola-crb-cr-rb-r')).toContain(
      'hub:role-grant/vault/Role:admin',
    );
    expect(targets('ROLE_BIND', 'binding:default/pod-bind-role-rb-r-rb-r')).toContain(
      'hub:role-grant/default/Role:admin',
    );
    expect(targets('ROLE_BIND', 'binding:default/pod-bind-role-rb-r-rb-r')).not.toContain(
      'hub:role-grant/vault/Role:admin',
    );
    // the -fail cases: a ClusterRoleBinding cannot reference a Role; a RoleBinding cannot grant
    // create on cluster-scoped clusterrolebindings.
    for (const failing of [
      'clusterbinding:pod-bind-role-crb-cr-crb-r-fail',
      'binding:default/pod-bind-role-rb-cr-crb-cr-fail',
      'binding:default/pod-bind-role-rb-r-crb-cr-fail',
    ]) {
      expect(targets('ROLE_BIND', failing)).toEqual([]);
    }
  });

  it('ROLE_BIND_ALL: the unbound admin Roles are no binding, but bindable roles are reachable', () => {
    expect([...graph.vertices.keys()].filter((id) => id.startsWith('binding:vault/'))).toEqual([]);
    expect(targets('TOKEN_LIST', 'hub:role-grant/vault/Role:admin')).toEqual(['hub:secrets/vault']);
  });
});
