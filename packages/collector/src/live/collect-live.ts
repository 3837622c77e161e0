/**
 * `kubepath collect`: a snapshot from a live cluster, read-only (get and list only).
 *
 * - Every kind kubepath reads, from discovery; a kind the server does not serve is absent.
 * - The permissions first (SelfSubjectAccessReview per kind): a kind this identity may not
 *   list cluster-wide is listed namespace by namespace, and what stays forbidden is recorded
 *   in coverage — the collection goes on.
 * - Lists in pages (`limit`/`continue`), a few kinds at a time; each page is normalised and
 *   redacted by the SnapshotBuilder as it arrives, so memory holds a page, not the cluster.
 * - Secrets as metadata only (PartialObjectMetadataList) and service-account tokens found by a
 *   field selector on `type`, also as metadata: no secret value is ever sent to kubepath.
 *   ConfigMaps: only kube-system/aws-auth is read, by name.
 */
import { KIND_NAMES, type KindName, type ResourceStatus, type Snapshot } from '@kubepath/model';
import { SnapshotBuilder } from '../snapshot-builder.js';
import { ApiClient, ApiError, type ApiClientOptions } from './api-client.js';
import { openConnection, type ConnectionOptions } from './connection.js';
import { discoverKinds, type ServedKind } from './discovery.js';
import { listPages, type ListOutcome, type ListPage } from './list-pages.js';
import { checkPermissions, type Permission } from './permissions.js';

/** Lists Secrets (and anything) as object metadata only: names, labels, annotations; never data. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** A Secret listed as metadata carries no type; only the token ones are found by selector. */
const UNREAD_TYPE = 'unknown (listed as metadata only)';

export interface CollectOptions extends ConnectionOptions {
  /** Only these namespaces (namespaced kinds); cluster-scoped kinds are always read. */
  namespaces?: string[];
  /** Objects per page (default 500). */
  pageSize?: number;
  /** Kinds listed at once (default 4). */
  parallel?: number;
  /** Client-side requests per second (default: none). */
  qps?: number;
  /** The snapshot's cluster name (default: the context's). */
  clusterName?: string;
  onProgress?: (event: CollectProgress) => void;
  /** Sees every answer the API sends (tests). */
  observe?: ApiClientOptions['observe'];
  /** Called after each page of a kind (tests force a continue token to expire here). */
  afterPage?: (kind: KindName, pages: number) => Promise<void> | void;
}

export interface CollectProgress {
  kind: KindName;
  phase: 'start' | 'page' | 'done';
  objects: number;
  pages: number;
  /** Objects the server says are left in the current list, when it says. */
  remaining?: number;
}

/** What became of one kind. */
export interface KindStats {
  kind: KindName;
  status: ResourceStatus;
  objects: number;
  pages: number;
  seconds: number;
  reason?: string;
  /** Namespaces whose objects of this kind this identity may not list. */
  forbiddenNamespaces?: string[];
}

export interface CollectResult {
  snapshot: Snapshot;
  kinds: KindStats[];
  permissions: Permission[];
  requests: number;
  retries: number;
  seconds: number;
  peakRssBytes: number;
}

/** Runs `tasks` with at most `n` at once. */
async function bounded<T>(n: number, items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}

/** The list path of a kind, cluster-wide or in one namespace. */
const listPath = (s: ServedKind, namespace?: string) =>
  `${s.prefix}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${s.resource}`;

export async function collectFromCluster(options: CollectOptions = {}): Promise<CollectResult> {
  const started = performance.now();
  const connection = await openConnection(options);
  const client = new ApiClient(connection, {
    ...(options.qps ? { qps: options.qps } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  });
  try {
    return await collect(client, options, started);
  } finally {
    connection.close();
  }
}

/** `collect --check`: the server, and what this identity may list (nothing is listed). */
export async function checkAccess(options: CollectOptions = {}): Promise<{
  server: string;
  contextName: string;
  serverVersion: string | null;
  permissions: Permission[];
  absent: KindName[];
}> {
  const connection = await openConnection(options);
  try {
    const { serverVersion, permissions, absent } = await survey(new ApiClient(connection), options);
    return {
      server: connection.server,
      contextName: connection.contextName,
      serverVersion,
      permissions,
      absent,
    };
  } finally {
    connection.close();
  }
}

/** The server's version, the kinds it serves, and what this identity may list of them. */
async function survey(client: ApiClient, options: CollectOptions) {
  const serverVersion = await client
    .get<{ gitVersion?: string }>('/version')
    .then((v) => v.gitVersion ?? null)
    .catch(() => null);
  const { served, absent, apiResources, vulnerabilityReports } = await discoverKinds(client);
  const permissions = await checkPermissions(client, [...served.values()], options.namespaces);
  return { serverVersion, served, absent, apiResources, vulnerabilityReports, permissions };
}

/** Adds a remark to a kind's reason. */
const remark = (st: KindStats, text: string) => {
  st.reason = st.reason ? `${st.reason}; ${text}` : text;
};

/** A list that may be forbidden: false on 403, its outcome otherwise. */
async function unlessForbidden<T>(list: Promise<T>): Promise<T | false> {
  try {
    return await list;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return false;
    throw error;
  }
}

/** What an expired continue token did to a list, said in the kind's reason. */
function remarkExpiry(st: KindStats, outcome: ListOutcome): void {
  if (outcome.inconsistent) remark(st, 'a continue token expired: the rest was listed at a newer revision');
  if (outcome.restarts)
    remark(st, `listed again from the start ${outcome.restarts} time(s) after a continue token expired`);
}

async function collect(client: ApiClient, options: CollectOptions, started: number): Promise<CollectResult> {
  const server = client.connection.server;
  const { serverVersion, served, absent, apiResources, vulnerabilityReports, permissions } = await survey(
    client,
    options,
  );
  const allowed = new Map(permissions.map((p) => [p.kind, p.allowed]));
  const builder = new SnapshotBuilder();
  const stats = new Map<KindName, KindStats>();
  const pageSize = options.pageSize ?? 500;
  for (const kind of absent)
    stats.set(kind, {
      kind,
      status: 'absent',
      objects: 0,
      pages: 0,
      seconds: 0,
      reason: 'the API server does not serve this kind',
    });

  /** Feeds one page to the builder, as a typed list (items of a list carry no kind of their own). */
  const feed = (kind: KindName, page: ListPage, pages: number) =>
    builder.add(
      { apiVersion: undefined, kind: `${kind}List`, items: page.items ?? [] },
      { file: server, where: `${kind} page ${pages}` },
    );

  /** Lists one path of a kind into the builder; false when forbidden. */
  async function listInto(s: ServedKind, st: KindStats, namespace?: string): Promise<boolean> {
    const outcome = await unlessForbidden(
      listPages(
        client,
        listPath(s, namespace),
        { limit: pageSize, afterPage: (pages) => options.afterPage?.(s.kind, pages) },
        (page) => {
          st.pages++;
          st.objects += page.items?.length ?? 0;
          feed(s.kind, page, st.pages);
          options.onProgress?.({
            kind: s.kind,
            phase: 'page',
            objects: st.objects,
            pages: st.pages,
            ...(page.metadata?.remainingItemCount !== undefined
              ? { remaining: page.metadata.remainingItemCount }
              : {}),
          });
        },
      ),
    );
    if (outcome) remarkExpiry(st, outcome);
    return outcome !== false;
  }

  /** Secrets: metadata only, and the token ones by a field selector, also metadata only. */
  async function listSecrets(s: ServedKind, st: KindStats, namespace?: string): Promise<boolean> {
    const tokens = new Set<string>();
    const key = (m: { namespace?: string; name?: string }) => `${m.namespace}/${m.name}`;
    const path = listPath(s, namespace);
    const found = await unlessForbidden(
      listPages(
        client,
        path,
        { limit: pageSize, accept: METADATA_ONLY, fieldSelector: `type=${SA_TOKEN_TYPE}` },
        (page) => {
          for (const item of page.items ?? []) tokens.add(key((item as { metadata: object }).metadata));
        },
      ),
    );
    if (!found) return false;
    const outcome = await unlessForbidden(
      listPages(
        client,
        path,
        { limit: pageSize, accept: METADATA_ONLY, afterPage: (pages) => options.afterPage?.(s.kind, pages) },
        (page) => {
          st.pages++;
          const items = (page.items ?? []).map((item) => {
            const metadata = (item as { metadata: { namespace?: string; name?: string } }).metadata;
            return { metadata, type: tokens.has(key(metadata)) ? SA_TOKEN_TYPE : UNREAD_TYPE };
          });
          st.objects += items.length;
          feed('Secret', { items }, st.pages);
          options.onProgress?.({ kind: 'Secret', phase: 'page', objects: st.objects, pages: st.pages });
        },
      ),
    );
    if (outcome) remarkExpiry(st, outcome);
    return outcome !== false;
  }

  /** ConfigMaps: only kube-system/aws-auth (the EKS identity mapping), by name. */
  async function readAwsAuth(s: ServedKind, st: KindStats): Promise<boolean> {
    const cm = await unlessForbidden(
      client.get<object>(`${listPath(s, 'kube-system')}/aws-auth`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    );
    if (cm === false) return false;
    if (cm === null) remark(st, 'only kube-system/aws-auth is read, and the cluster has none');
    else {
      st.pages = 1;
      st.objects = 1;
      builder.add(
        { apiVersion: 'v1', kind: 'ConfigMap', ...cm },
        { file: server, where: 'ConfigMap kube-system/aws-auth' },
      );
    }
    return true;
  }

  /**
   * trivy-operator's VulnerabilityReports (evidence for exploit steps), cluster-wide or in the
   * namespaces given; what may not be listed is said among the skipped, the collection goes on.
   */
  async function listVulnerabilityReports(path: string): Promise<void> {
    const where = options.namespaces ?? [undefined];
    for (const ns of where) {
      const at = ns
        ? path.replace(/\/vulnerabilityreports$/, `/namespaces/${ns}/vulnerabilityreports`)
        : path;
      let pages = 0;
      try {
        const outcome = await unlessForbidden(
          listPages(client, at, { limit: pageSize }, (page) =>
            builder.add(
              {
                apiVersion: 'aquasecurity.github.io/v1alpha1',
                kind: 'VulnerabilityReportList',
                items: page.items ?? [],
              },
              { file: server, where: `VulnerabilityReport page ${++pages}` },
            ),
          ),
        );
        if (outcome === false)
          builder.skip(
            { file: server, where: `VulnerabilityReports${ns ? ` in ${ns}` : ''}` },
            'this identity may not list vulnerabilityreports.aquasecurity.github.io: no trivy-operator evidence from there',
          );
      } catch (error) {
        builder.skip(
          { file: server, where: `VulnerabilityReports${ns ? ` in ${ns}` : ''}` },
          `listing failed: ${error instanceof ApiError ? `${error.status} ${error.reason}` : (error as Error).message}`,
        );
      }
    }
  }

  let namespaces: string[] | undefined;
  async function collectKind(s: ServedKind): Promise<void> {
    const st: KindStats = { kind: s.kind, status: 'listed', objects: 0, pages: 0, seconds: 0 };
    stats.set(s.kind, st);
    const t0 = performance.now();
    options.onProgress?.({ kind: s.kind, phase: 'start', objects: 0, pages: 0 });
    const one = (namespace?: string) =>
      s.kind === 'Secret'
        ? listSecrets(s, st, namespace)
        : s.kind === 'ConfigMap'
          ? readAwsAuth(s, st)
          : listInto(s, st, namespace);
    try {
      // Namespace by namespace: those given with -n, or every one when the cluster-wide list is
      // denied. (ConfigMaps: one object, read by name.)
      const perNamespace =
        s.namespaced &&
        s.kind !== 'ConfigMap' &&
        (options.namespaces !== undefined || allowed.get(s.kind) === false);
      if (!perNamespace) {
        if (!(await one())) {
          st.status = 'forbidden';
          st.reason = 'this identity may not list it';
        }
      } else {
        const where = options.namespaces ?? namespaces ?? [];
        const denied: string[] = [];
        await bounded(4, where, async (ns) => {
          if (!(await one(ns))) denied.push(ns);
        });
        denied.sort();
        if (denied.length) st.forbiddenNamespaces = denied;
        if (where.length === 0 || denied.length === where.length) {
          st.status = 'forbidden';
          st.reason =
            where.length === 0
              ? 'this identity may not list it cluster-wide, and the namespaces are unknown'
              : 'this identity may not list it in any namespace';
        } else if (denied.length)
          remark(
            st,
            `forbidden in ${denied.length} namespace(s): ${denied.slice(0, 10).join(', ')}${denied.length > 10 ? ', …' : ''}`,
          );
      }
    } catch (error) {
      st.status = 'failed';
      st.reason = error instanceof ApiError ? `${error.status} ${error.reason}` : (error as Error).message;
    }
    st.seconds = (performance.now() - t0) / 1000;
    options.onProgress?.({ kind: s.kind, phase: 'done', objects: st.objects, pages: st.pages });
  }

  // Namespaces first: a kind denied cluster-wide is then listed namespace by namespace.
  const namespaceKind = served.get('Namespace');
  if (namespaceKind) {
    await collectKind(namespaceKind);
    namespaces = builder.snapshotNamespaces();
  }
  await bounded(
    options.parallel ?? 4,
    [...served.values()].filter((s) => s.kind !== 'Namespace'),
    collectKind,
  );

  if (vulnerabilityReports) await listVulnerabilityReports(vulnerabilityReports);

  const kinds = KIND_NAMES.flatMap((k) => stats.get(k) ?? []);
  const seen = new Map(
    kinds.map((k) => [
      k.kind as string,
      {
        status: k.status,
        ...(k.reason ? { reason: k.reason } : {}),
        ...(k.forbiddenNamespaces ? { forbiddenNamespaces: k.forbiddenNamespaces } : {}),
      },
    ]),
  );
  const objects = kinds.reduce((n, k) => n + k.objects, 0);
  const pages = kinds.reduce((n, k) => n + k.pages, 0);
  const snapshot = builder.build(
    {
      name: options.clusterName ?? client.connection.contextName,
      serverVersion,
      collectedAt: new Date().toISOString(),
      source: 'live',
      apiResources,
    },
    [{ path: server, format: 'live', documents: pages, objects, skipped: builder.skippedCount }],
    seen,
  );
  return {
    snapshot,
    kinds,
    permissions,
    requests: client.counts.requests,
    retries: client.counts.retries,
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
