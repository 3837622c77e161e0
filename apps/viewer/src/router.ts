/**
 * Every view is a URL: `#/s/<snapshot>/<view>?<params>`. The hash keeps deep links working
 * with a server that only serves index.html, and never sends view state to the server's logs.
 * `#token=…` (printed by `kubepath serve`) hands the viewer its token once and is then removed.
 */
import type { PathStep, Removal } from './api/types.js';
import { exploitMode, parseExploitMode, type ExploitMode } from './exploit-mode.js';

export type Route =
  | { view: 'login'; reason?: string }
  /** `all`: list them even when there is one (`#/snapshots`); `#/` opens a lone snapshot. */
  | { view: 'snapshots'; all?: boolean }
  /** Scheduled reports: every cluster, or one cluster's trend and runs. */
  | { view: 'reports'; cluster?: string }
  | { view: 'overview'; snapshot: string; exploits?: ExploitMode }
  | { view: 'reach'; snapshot: string; target: string; exploits?: ExploitMode }
  | { view: 'blast'; snapshot: string; source: string; exploits?: ExploitMode }
  | {
      view: 'paths';
      snapshot: string;
      from: string;
      to: string;
      k: number;
      without: Removal[];
      cut: PathStep[];
      /** Edge kinds hidden by the filter. */
      hide: string[];
      /** Only these namespaces (and cluster-scoped vertices); empty: all. */
      namespaces: string[];
      /** The edge whose evidence is open (a link to "this step"). */
      selected?: PathStep;
      exploits?: ExploitMode;
    }
  | {
      view: 'graph';
      snapshot: string;
      vertex: string;
      depth: number;
      /** Most elements to fetch and draw (the API caps it at 5,000). */
      limit: number;
      hide: string[];
      namespaces: string[];
      selected?: PathStep;
      exploits?: ExploitMode;
    };

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);
const int = (value: string | null, fallback: number, max: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
};
function jsonList<T>(value: string | null): T[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

/** An edge named in the URL (`edge={"from","kind","to"}`), if well-formed. */
function step(value: string | null): { selected: PathStep } | Record<string, never> {
  if (!value) return {};
  try {
    const s = JSON.parse(value) as Partial<PathStep>;
    if (typeof s.from === 'string' && typeof s.kind === 'string' && typeof s.to === 'string')
      return { selected: { from: s.from, kind: s.kind, to: s.to } };
  } catch {
    // a hand-edited link: ignore the selection, keep the view
  }
  return {};
}

/** The route a location hash stands for; an unknown hash is the snapshot list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login') return { view: 'login' };
  if (parts[0] === 'snapshots') return { view: 'snapshots', all: true };
  if (parts[0] === 'reports') return parts[1] ? { view: 'reports', cluster: parts[1] } : { view: 'reports' };
  if (parts[0] !== 's' || !parts[1]) return { view: 'snapshots' };
  const snapshot = parts[1];
  const mode = parseExploitMode(q.get('exploits'));
  const exploits = mode ? { exploits: mode } : {};
  return withMode(snapshotRoute(parts[2], snapshot, q), exploits);
}

function withMode(route: Route, exploits: { exploits?: ExploitMode }): Route {
  return route.view === 'login' || route.view === 'snapshots' || route.view === 'reports'
    ? route
    : { ...route, ...exploits };
}

function snapshotRoute(view: string | undefined, snapshot: string, q: URLSearchParams): Route {
  switch (view) {
    case 'reach':
      return q.get('target')
        ? { view: 'reach', snapshot, target: q.get('target')! }
        : { view: 'overview', snapshot };
    case 'blast':
      return q.get('source')
        ? { view: 'blast', snapshot, source: q.get('source')! }
        : { view: 'overview', snapshot };
    case 'paths':
      if (!q.get('from') || !q.get('to')) return { view: 'overview', snapshot };
      return {
        view: 'paths',
        snapshot,
        from: q.get('from')!,
        to: q.get('to')!,
        k: int(q.get('k'), 3, 10),
        without: jsonList<Removal>(q.get('without')),
        cut: jsonList<PathStep>(q.get('cut')),
        hide: list(q.get('hide')),
        namespaces: list(q.get('ns')),
        ...step(q.get('edge')),
      };
    case 'graph':
      if (!q.get('vertex')) return { view: 'overview', snapshot };
      return {
        view: 'graph',
        snapshot,
        vertex: q.get('vertex')!,
        depth: int(q.get('depth'), 1, 4),
        limit: int(q.get('limit'), 500, 5000),
        hide: list(q.get('hide')),
        namespaces: list(q.get('ns')),
        ...step(q.get('edge')),
      };
    default:
      return { view: 'overview', snapshot };
  }
}

/**
 * The hash for a route (parseRoute(formatRoute(r)) gives r back). A route that names no
 * exploit mode keeps the one on screen, so links carry it from view to view.
 */
export function formatRoute(route: Route): string {
  const q = new URLSearchParams();
  const mode = 'snapshot' in route ? (route.exploits ?? exploitMode()) : 'assumed';
  const base = (view: string) =>
    `#/s/${encodeURIComponent((route as { snapshot: string }).snapshot)}/${view}`;
  const withQuery = (path: string) => {
    if (mode !== 'assumed') q.set('exploits', mode);
    return q.size ? `${path}?${q}` : path;
  };
  switch (route.view) {
    case 'login':
      return '#/login';
    case 'snapshots':
      return route.all ? '#/snapshots' : '#/';
    case 'reports':
      return route.cluster ? `#/reports/${encodeURIComponent(route.cluster)}` : '#/reports';
    case 'overview':
      return withQuery(base('overview'));
    case 'reach':
      q.set('target', route.target);
      return withQuery(base('reach'));
    case 'blast':
      q.set('source', route.source);
      return withQuery(base('blast'));
    case 'paths':
      q.set('from', route.from);
      q.set('to', route.to);
      if (route.k !== 3) q.set('k', String(route.k));
      if (route.without.length) q.set('without', JSON.stringify(route.without));
      if (route.cut.length) q.set('cut', JSON.stringify(route.cut));
      if (route.hide.length) q.set('hide', route.hide.join(','));
      if (route.namespaces.length) q.set('ns', route.namespaces.join(','));
      if (route.selected) q.set('edge', JSON.stringify(route.selected));
      return withQuery(base('paths'));
    case 'graph':
      q.set('vertex', route.vertex);
      if (route.depth !== 1) q.set('depth', String(route.depth));
      if (route.limit !== 500) q.set('limit', String(route.limit));
      if (route.hide.length) q.set('hide', route.hide.join(','));
      if (route.namespaces.length) q.set('ns', route.namespaces.join(','));
      if (route.selected) q.set('edge', JSON.stringify(route.selected));
      return withQuery(base('graph'));
  }
}

/** A token handed over in the hash (`#token=…`), if any. */
export function tokenFromHash(hash: string): string | null {
  const m = /^#token=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}
