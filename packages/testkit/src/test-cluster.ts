/**
 * The real test cluster (scripts/test-cluster.mjs) from a test's side: its state (server, CA,
 * tokens, kubeconfigs), plain HTTPS requests with a token, and `applyObjects`, which creates
 * manifests' objects through the API the way `kubectl create` would (REST mapping from
 * discovery), so no kubectl is needed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './paths.js';

export interface TestClusterState {
  server: string;
  caFile: string;
  etcd: string;
  tokens: { admin: string; reader: string; nobody: string };
  kubeconfigs: { admin: string; reader: string; nobody: string; 'admin-cert': string };
}

export const testClusterStateFile = () => join(repoRoot(), '.cache', 'test-cluster', 'run', 'state.json');

/** The running test cluster (started by vitest's global setup, test/setup/test-cluster.ts). */
export function testCluster(): TestClusterState {
  const file = testClusterStateFile();
  if (!existsSync(file))
    throw new Error(`no test cluster runs (${file} is missing): node scripts/test-cluster.mjs start`);
  return JSON.parse(readFileSync(file, 'utf8')) as TestClusterState;
}

export interface KubeAnswer {
  status: number;
  body: unknown;
  text: string;
}

const agents = new Map<string, Agent>();
/**
 * One keep-alive agent per cluster CA: the CA is read once, and applying thousands of objects
 * does not pay a TLS handshake per request.
 */
const agentFor = (caFile: string) =>
  agents.get(caFile) ??
  agents.set(caFile, new Agent({ keepAlive: true, maxSockets: 16, ca: readFileSync(caFile) })).get(caFile)!;

/** One request to the test cluster's API server, with `token` (the admin's by default). */
export function kube(
  state: TestClusterState,
  method: string,
  path: string,
  body?: unknown,
  token = state.tokens.admin,
  contentType = 'application/json',
): Promise<KubeAnswer> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${state.server}${path}`,
      {
        method,
        agent: agentFor(state.caFile),
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': contentType } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Every object of the YAML and JSON files under `dir` (Lists unpacked). */
export function readManifests(dir: string): Manifest[] {
  const out: Manifest[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
      return;
    }
    if (!/\.(ya?ml|json)$/.test(path)) return;
    const text = readFileSync(path, 'utf8');
    const docs = path.endsWith('.json') ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS());
    for (const doc of docs) {
      if (!doc || typeof doc !== 'object') continue;
      if (Array.isArray(doc.items) && String(doc.kind).endsWith('List')) {
        const itemKind = String(doc.kind).replace(/List$/, '');
        for (const item of doc.items)
          out.push({ apiVersion: doc.apiVersion, kind: itemKind, ...item } as Manifest);
      } else if (doc.kind) out.push(doc as Manifest);
    }
  };
  walk(dir);
  return out;
}

type ResourceList = { resources: { name: string; kind: string; namespaced: boolean }[] };
const discovered = new Map<string, Promise<ResourceList>>();

/**
 * The collection an object is created in (`/apis/apps/v1/namespaces/ns/deployments`), by
 * discovery, as kubectl's REST mapping finds it.
 */
export async function collectionPath(state: TestClusterState, o: Manifest): Promise<string> {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const key = `${state.server}${base}`;
  if (!discovered.has(key))
    discovered.set(
      key,
      kube(state, 'GET', base).then((r) => {
        if (r.status !== 200) throw new Error(`discovery of ${o.apiVersion}: ${r.status}`);
        return r.body as ResourceList;
      }),
    );
  const r = (await discovered.get(key)!).resources.find((x) => x.kind === o.kind && !x.name.includes('/'));
  if (!r) throw new Error(`${o.apiVersion} ${o.kind} is not served by the test cluster`);
  const ns = r.namespaced ? `/namespaces/${o.metadata.namespace ?? 'default'}` : '';
  return `${base}${ns}/${r.name}`;
}

/** Kinds created first: what others name (namespaces, service accounts, roles). */
const FIRST = ['Namespace', 'ServiceAccount', 'ClusterRole', 'Role', 'Node'];

/**
 * Creates the objects in the test cluster (an object that exists already is replaced). Waits
 * for each new namespace's default service account, which pods without one need. Objects the
 * API refuses (Pod Security admission, validation) are returned, not thrown: a real cluster
 * would not hold them either.
 */
export async function applyObjects(
  state: TestClusterState,
  objects: readonly Manifest[],
): Promise<{ created: Manifest[]; refused: { object: Manifest; status: number; message: string }[] }> {
  const refused: { object: Manifest; status: number; message: string }[] = [];
  const replacedRoles: { item: string; held: unknown }[] = [];
  const resourceOf = (o: Manifest) => collectionPath(state, o);
  const rank = (o: Manifest) => {
    const i = FIRST.indexOf(o.kind);
    return i < 0 ? FIRST.length : i;
  };
  // One object once: the last copy wins, as when the same files are read (SnapshotBuilder).
  const unique = new Map<string, Manifest>();
  for (const o of objects)
    unique.set(`${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  const ordered = [...unique.values()].sort((a, b) => rank(a) - rank(b));
  let waitedForAccounts = false;
  const pending: Promise<void>[] = [];
  const createOne = async (o: Manifest) => {
    const collection = await resourceOf(o);
    // What the server sets itself (dumped objects carry it) goes, as kubectl create would need.
    const {
      uid: _uid,
      resourceVersion: _rv,
      creationTimestamp: _ct,
      managedFields: _mf,
      ...metadata
    } = o.metadata as Manifest['metadata'] & Record<string, unknown>;
    // The API requires an owner's uid; generated clusters name owners without one.
    const owners = metadata.ownerReferences as { uid?: string }[] | undefined;
    if (owners) metadata.ownerReferences = owners.map((x) => ({ ...x, uid: x.uid || randomUUID() }));
    const body = { ...o, metadata } as Manifest & { status?: unknown };
    const status = body.status;
    delete body.status;
    let r = await kube(state, 'POST', collection, body);
    // Exists (kube-system, or an earlier test's): replace it, as `kubectl replace` does; again
    // on a conflict (a controller, e.g. ClusterRole aggregation, changed it meanwhile).
    if (r.status === 409 && o.kind === 'Pod') {
      // A pod's spec cannot be replaced: delete it at once (no kubelet will confirm) and create it.
      await kube(state, 'DELETE', `${collection}/${o.metadata.name}?gracePeriodSeconds=0`);
      for (let i = 0; i < 50 && r.status === 409; i++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await kube(state, 'POST', collection, body);
      }
    }
    let aggregated = false;
    for (let attempt = 0; r.status === 409 && attempt < 10; attempt++) {
      const item = `${collection}/${o.metadata.name}`;
      const existing = (await kube(state, 'GET', item)).body as {
        metadata: { resourceVersion: string };
        aggregationRule?: unknown;
      };
      aggregated ||= o.kind === 'ClusterRole' && existing.aggregationRule !== undefined;
      body.metadata = {
        ...body.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      } as Manifest['metadata'];
      r = await kube(state, 'PUT', item, body);
      if (r.status < 300 && aggregated) replacedRoles.push({ item, held: r.body });
    }
    if (r.status === 403 || r.status === 422) {
      // Refused by admission (Pod Security) or validation, as a real cluster would refuse it.
      refused.push({
        object: o,
        status: r.status,
        message: (r.body as { message?: string }).message ?? r.text,
      });
      return;
    }
    // A create ignores status; pods and nodes carry one in dumps (phase, IPs, addresses) that
    // only a kubelet would write: written through the status subresource, as a kubelet does.
    if (r.status < 300 && status && (o.kind === 'Pod' || o.kind === 'Node')) {
      const created = r.body as Manifest;
      const item = `${collection}/${o.metadata.name}`;
      // qosClass is the server's to compute (immutable): keep its own.
      const own = (created as { status?: { qosClass?: string } }).status?.qosClass;
      const written = { ...(status as object), ...(own ? { qosClass: own } : {}) };
      r = await kube(state, 'PUT', `${item}/status`, { ...created, status: written });
    }
    if (r.status >= 300)
      throw new Error(
        `creating ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${r.status} ${r.text.slice(0, 300)}`,
      );
  };
  for (const o of ordered) {
    if (rank(o) >= FIRST.length && !waitedForAccounts) {
      await Promise.all(pending.splice(0));
      await waitForDefaultAccounts(state, objects);
      waitedForAccounts = true;
    }
    pending.push(createOne(o));
    if (pending.length >= 16) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await settleClusterRoles(state, replacedRoles);
  const no = new Set(refused.map((x) => x.object));
  return { created: ordered.filter((o) => !no.has(o)), refused };
}

/**
 * A built-in aggregated ClusterRole (admin, edit, view) a manifest replaced is also written by
 * the ClusterRole aggregation controller, which applies the aggregated rules (server-side apply,
 * no resourceVersion) from what it saw before the replacement: either write can land last. So
 * write the manifest's version (as the server held it after our PUT) again until it holds twice
 * in a row, half a second apart.
 */
async function settleClusterRoles(
  state: TestClusterState,
  roles: readonly { item: string; held: unknown }[],
): Promise<void> {
  const rulesOf = (o: unknown) => JSON.stringify((o as { rules?: unknown }).rules ?? []);
  await Promise.all(
    roles.map(async ({ item, held }) => {
      for (let times = 0, attempt = 0; times < 2 && attempt < 20; attempt++) {
        await new Promise((res) => setTimeout(res, 500));
        const current = (await kube(state, 'GET', item)).body as { metadata: { resourceVersion: string } };
        if (rulesOf(current) === rulesOf(held)) {
          times++;
          continue;
        }
        times = 0;
        await kube(state, 'PUT', item, { ...current, rules: (held as { rules?: unknown }).rules });
      }
    }),
  );
}

async function waitForDefaultAccounts(state: TestClusterState, objects: readonly Manifest[]): Promise<void> {
  const namespaces = new Set(['default', ...objects.map((o) => o.metadata.namespace ?? 'default')]);
  for (const ns of namespaces) {
    for (let i = 0; i < 100; i++) {
      const r = await kube(state, 'GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`);
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}
