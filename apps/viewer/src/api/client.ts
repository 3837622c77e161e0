/**
 * The viewer's only way to the data: the public REST API, with the same bearer token as any
 * client. Errors become `ApiError`s carrying the problem+json title and detail, so a view can
 * say what went wrong instead of freezing or going blank.
 */
import { exploitMode } from '../exploit-mode.js';
import type {
  Catalog,
  CollectionJob,
  Coverage,
  CoverageGap,
  ChokePoint,
  ClusterInfo,
  ReportDiffAnswer,
  ReportRun,
  TrendPoint,
  CompromisedAnswer,
  EntityAnswer,
  PrebuiltQueryAnswer,
  FindingsAnswer,
  NeighbourhoodAnswer,
  ObjectAnswer,
  PathsAnswer,
  PathStep,
  ReachEntry,
  Removal,
  SnapshotInfo,
  Truncation,
  UploadAnswer,
  WhatIfAnswer,
  VertexMatch,
} from './types.js';

const TOKEN_KEY = 'kubepath.token';
/** A request slower than this is abandoned with a clear message (the API has its own budget too). */
const TIMEOUT_MS = 180_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

type Params = Record<string, string | number | boolean | undefined>;

/** Calls the API with the token; any failure becomes an ApiError with the problem's words. */
async function call<T>(
  path: string,
  init: RequestInit = {},
  signal?: AbortSignal,
  started = Date.now(),
): Promise<T> {
  const timeout = AbortSignal.timeout(Math.max(1, TIMEOUT_MS - (Date.now() - started)));
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${storedToken() ?? ''}`,
        Accept: 'application/json',
        ...init.headers,
      },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (timeout.aborted)
      throw new ApiError(
        504,
        'the request took too long',
        `no answer within ${TIMEOUT_MS / 1000} s: ask for less`,
      );
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'cannot reach the kubepath API', String(error));
  }
  // 503 with Retry-After: the snapshot's analysis is still running (the view shows its
  // progress meanwhile); ask again when told, within the same time limit.
  const retryAfter = Number(res.headers.get('Retry-After'));
  if (res.status === 503 && retryAfter > 0 && !timeout.aborted) {
    await new Promise<void>((resolve) => {
      const wait = setTimeout(resolve, retryAfter * 1000);
      signal?.addEventListener('abort', () => (clearTimeout(wait), resolve()), { once: true });
    });
    if (!signal?.aborted) return call<T>(path, init, signal, started);
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail);
  }
  // 204 No Content (a delete) has no body to read.
  return (res.status === 204 ? undefined : await res.json()) as T;
}

function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  // Every query on a snapshot that takes an exploit mode gets the one on screen.
  if (EXPLOIT_AWARE.test(path) && exploitMode() !== 'assumed') query.set('exploits', exploitMode());
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
  return call<T>(`${path}${query.size ? `?${query}` : ''}`, {}, signal);
}

const snap = (id: string) => `/snapshots/${encodeURIComponent(id)}`;
/** The queries that take `exploits=`. */
const EXPLOIT_AWARE =
  /\/(queries|entity|who-can-reach|blast-radius|paths|findings|choke-points|compromised|graph\/paths|graph\/neighbourhood)$/;

/** The content type that makes the API read a file in its format (by its name). */
function uploadType(name: string): string {
  if (/\.(ya?ml)$/i.test(name)) return 'application/yaml';
  if (/\.(gz|tgz)$/i.test(name)) return 'application/gzip';
  return 'application/json';
}

/** Uploads a cluster (kubectl JSON, YAML, or a dump archive); needs an admin token. */
function upload(file: File, cluster: string): Promise<UploadAnswer> {
  const query = cluster ? `?cluster=${encodeURIComponent(cluster)}` : '';
  return call<UploadAnswer>(`/snapshots${query}`, {
    method: 'POST',
    headers: { 'Content-Type': uploadType(file.name) },
    body: file,
  });
}

export const api = {
  upload,
  /** What removing objects buys: the entry point → crown jewel pairs that close. */
  /** Deletes `removals` (graph rebuilt) and makes the fix candidates' changes `fixes`. */
  whatIf: (id: string, change: { removals?: Removal[]; fixes?: string[] }, signal?: AbortSignal) =>
    call<WhatIfAnswer>(
      `${snap(id)}/what-if`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // In the mode on screen, so that it counts what the page beside it counts.
        body: JSON.stringify({
          ...change,
          ...(exploitMode() !== 'assumed' ? { exploits: exploitMode() } : {}),
        }),
      },
      signal,
    ),
  catalog: () => get<Catalog>('/catalog'),
  snapshots: () => get<{ snapshots: SnapshotInfo[]; maxUploadBytes: number }>('/snapshots'),
  /** Deletes a snapshot and what is kept with it (admin). */
  deleteSnapshot: (id: string) => call<unknown>(snap(id), { method: 'DELETE' }),
  /** The clusters the server collects (KUBEPATH_CLUSTERS), schedules reports for, or has reports of. */
  clusters: () => get<{ clusters: ClusterInfo[] }>('/clusters'),
  clusterReports: (cluster: string) =>
    get<{ cluster: string; running: boolean; reports: ReportRun[] }>(
      `/clusters/${encodeURIComponent(cluster)}/reports`,
    ),
  trend: (cluster: string) =>
    get<{ cluster: string; points: TrendPoint[] }>(`/clusters/${encodeURIComponent(cluster)}/trend`),
  reportDiff: (id: string) => get<ReportDiffAnswer>(`/reports/${encodeURIComponent(id)}/diff`),
  /** Reports a scheduled cluster now (admin). */
  runNow: (cluster: string) =>
    call<{ state: string }>(`/clusters/${encodeURIComponent(cluster)}/runs`, { method: 'POST' }),
  /** One report in a format, as a file to save (the API wants the token: no plain link). */
  downloadReport: async (id: string, format: string): Promise<Blob> => {
    const res = await fetch(`/api/v1/reports/${encodeURIComponent(id)}?format=${format}`, {
      headers: { Authorization: `Bearer ${storedToken() ?? ''}` },
    });
    if (!res.ok) throw new ApiError(res.status, 'download failed', res.statusText);
    return res.blob();
  },
  /** Starts collecting a configured cluster (admin); follow it with `collection`. */
  collect: (cluster: string) =>
    call<CollectionJob>('/collections', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cluster }),
    }),
  collection: (id: string) => get<CollectionJob>(`/collections/${encodeURIComponent(id)}`),
  snapshot: (id: string) =>
    get<SnapshotInfo & { clusterInfo: { name: string }; coverage: Coverage; gaps: CoverageGap[] }>(snap(id)),
  findings: (id: string, limit: number) => get<FindingsAnswer>(`${snap(id)}/findings`, { limit, entries: 1 }),
  chokePoints: (id: string, top = 10) =>
    get<{ chokePoints: ChokePoint[] }>(`${snap(id)}/choke-points`, { top }),
  search: (id: string, q: string, signal?: AbortSignal) =>
    get<{ matches: VertexMatch[] }>(`${snap(id)}/search`, { q, limit: 12 }, signal),
  whoCanReach: (id: string, target: string, maxResults: number) =>
    get<{ target: string; sources: ReachEntry[]; truncated?: Truncation }>(`${snap(id)}/who-can-reach`, {
      target,
      maxResults,
    }),
  blastRadius: (id: string, source: string, maxResults: number) =>
    get<{ source: string; reached: ReachEntry[]; truncated?: Truncation }>(`${snap(id)}/blast-radius`, {
      source,
      maxResults,
    }),
  /** The k cheapest paths; `hide` edge kinds are searched without (the filter re-runs the query). */
  paths: (
    id: string,
    q: { from: string; to: string; k: number; without: Removal[]; cut: PathStep[]; hide: string[] },
  ) =>
    get<PathsAnswer>(`${snap(id)}/graph/paths`, {
      from: q.from,
      to: q.to,
      k: q.k,
      without: q.without.length ? JSON.stringify(q.without) : undefined,
      cut: q.cut.length ? JSON.stringify(q.cut) : undefined,
      exclude: q.hide.length ? q.hide.join(',') : undefined,
    }),
  /** Known compromised: uploaded Falco alerts and owned marks, with what each already reaches. */
  compromised: (id: string) => get<CompromisedAnswer>(`${snap(id)}/compromised`),
  /** Marks a vertex owned, as BloodHound users do (admin). */
  markOwned: (id: string, vertex: string) =>
    call<{ owned: string[] }>(`${snap(id)}/owned`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: vertex }),
    }),
  unmarkOwned: (id: string, vertex: string) =>
    call<{ owned: string[] }>(`${snap(id)}/owned?${new URLSearchParams({ id: vertex })}`, {
      method: 'DELETE',
    }),
  /** Uploads Falco's JSON output (admin). */
  uploadAlerts: (id: string, file: File) =>
    call<{ added: number; alerts: number; skipped: string[]; skippedTotal: number }>(
      `${snap(id)}/compromised`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: file,
      },
    ),
  /** How far along the work on a snapshot is (answered at once, even while it is analysed). */
  progress: (id: string) =>
    get<{
      state: 'idle' | 'waiting' | 'analysing';
      elapsedMs: number;
      phases: { phase: string; ms: number }[];
    }>(`${snap(id)}/progress`),
  /** The pre-built queries with their counts and first answers. */
  queries: (id: string) => get<{ queries: PrebuiltQueryAnswer[] }>(`${snap(id)}/queries`),
  /** One vertex explored: properties, neighbours by edge kind, grants, jewels it reaches. */
  entity: (id: string, vertex: string) => get<EntityAnswer>(`${snap(id)}/entity`, { vertex }),
  /** One object as YAML (redacted as collected), with the value and lines at a pointer. */
  object: (id: string, ref: { kind: string; namespace?: string | undefined; name: string }, path?: string) =>
    get<ObjectAnswer>(`${snap(id)}/object`, {
      kind: ref.kind,
      namespace: ref.namespace,
      name: ref.name,
      path,
    }),
  neighbourhood: (id: string, vertex: string, depth: number, limit: number) =>
    get<NeighbourhoodAnswer>(`${snap(id)}/graph/neighbourhood`, { vertex, depth, limit }),
};
