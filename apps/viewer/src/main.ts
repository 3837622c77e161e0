/**
 * The viewer's entry: reads the token (from `#token=…` once, then the session), loads the
 * catalog, and renders the view the URL names. Every failure becomes a message in the page.
 */
import { api, ApiError, storedToken, storeToken } from './api/client.js';
import type { Catalog } from './api/types.js';
import { h, link, notice } from './dom.js';
import {
  EXPLOIT_MODES,
  EXPLOIT_MODE_TEXT,
  exploitMode,
  setExploitMode,
  type ExploitMode,
} from './exploit-mode.js';
import { formatRoute, parseRoute, tokenFromHash, type Route } from './router.js';
import { graphView } from './views/graph-view.js';
import { overviewView } from './views/overview.js';
import { reachView } from './views/reach-view.js';
import { searchBox } from './views/search-box.js';
import { pathPickerBar } from './views/path-picker.js';
import { rememberSnapshot, snapshotsView } from './views/snapshots.js';
import { reportsView } from './views/reports-view.js';
import type { View } from './views/view.js';
import './style.css';

const header = document.querySelector<HTMLElement>('#header')!;
const main = document.querySelector<HTMLElement>('#main')!;
let catalog: Catalog | null = null;
let current: View | null = null;
let renderCount = 0;

function navigate(route: Route): void {
  location.hash = formatRoute(route);
}

function loginView(reason?: string): View {
  const input = h('input', {
    type: 'password',
    name: 'token',
    'aria-label': 'API token',
    autocomplete: 'off',
    'data-testid': 'token',
  });
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        storeToken(input.value.trim());
        catalog = null;
        // The URL still names the view that was asked for (a deep link): show it now.
        if (parseRoute(location.hash).view === 'login') navigate({ view: 'snapshots' });
        else void render();
      },
    },
    h('h1', {}, 'kubepath'),
    reason ? notice('error', reason) : null,
    h(
      'p',
      {},
      'Paste an API token. ',
      h('code', {}, 'kubepath serve'),
      ' prints one (and a link that carries it) when it starts.',
    ),
    input,
    h('button', { type: 'submit', 'data-testid': 'sign-in' }, 'Open'),
  );
  return { element: form };
}

/** Marks the tab of the view on screen (aria-current, styled by the stylesheet). */
function markCurrent(a: HTMLAnchorElement, isCurrent: boolean): HTMLAnchorElement {
  if (isCurrent) a.setAttribute('aria-current', 'page');
  return a;
}

/** Each snapshot's name and date, asked once: the header is redrawn on every navigation. */
const snapshotNames = new Map<string, Promise<string>>();

/** The header's link to the snapshot, by its cluster's name and date rather than its id. */
function snapshotLink(snapshot: string, isCurrent: boolean): HTMLAnchorElement {
  const a = markCurrent(link(formatRoute({ view: 'overview', snapshot }), snapshot), isCurrent);
  a.dataset.testid = 'header-snapshot';
  a.title = `snapshot ${snapshot}`;
  let name = snapshotNames.get(snapshot);
  if (!name) {
    name = api
      .snapshot(snapshot)
      .then((s) => `${s.cluster}${s.createdAt ? ` · ${new Date(s.createdAt).toLocaleDateString()}` : ''}`);
    name.catch(() => snapshotNames.delete(snapshot));
    snapshotNames.set(snapshot, name);
  }
  name.then(
    (text) => (a.textContent = text),
    () => {},
  );
  return a;
}

/**
 * Real progress while a view waits: the analysis phases done so far with their times, polled
 * until the view is ready (or another one replaced it).
 */
async function showProgress(
  into: HTMLElement,
  snapshot: string | null,
  waiting: () => boolean,
): Promise<void> {
  while (waiting()) {
    const p = snapshot ? await api.progress(snapshot).catch(() => null) : null;
    if (!waiting()) return;
    const seconds = `${Math.round((p?.elapsedMs ?? 0) / 1000)} s`;
    into.replaceChildren(
      p?.state === 'analysing'
        ? h(
            'span',
            { 'data-testid': 'progress' },
            // Findings is the analysis's last phase: after it, the question itself is answered.
            p.phases.at(-1)?.phase === 'findings'
              ? `Analysed; now answering (${seconds} so far): `
              : `Analysing the snapshot (${seconds} so far; about a minute for 150,000 pods): `,
            p.phases.map((x) => `${x.phase} ${(x.ms / 1000).toFixed(1)} s`).join(' · '),
            ' …',
          )
        : h(
            'span',
            { 'data-testid': 'progress' },
            p?.state === 'waiting'
              ? `Working (${seconds}): reading the snapshot, or answering…`
              : 'Still working…',
          ),
    );
    await new Promise((r) => setTimeout(r, 700));
  }
}

function renderHeader(route: Route): void {
  const snapshot = 'snapshot' in route ? route.snapshot : null;
  header.replaceChildren(
    h(
      'nav',
      { class: 'header-nav' },
      link('#/', h('strong', { class: 'brand' }, 'kubepath')),
      markCurrent(
        link(formatRoute({ view: 'snapshots', all: true }), 'Snapshots'),
        route.view === 'snapshots',
      ),
      markCurrent(link(formatRoute({ view: 'reports' }), 'Reports'), route.view === 'reports'),
      snapshot ? snapshotLink(snapshot, route.view === 'overview') : null,
      snapshot
        ? searchBox(snapshot, (m) =>
            navigate(
              m.kind === 'target' || m.kind === 'secret' || m.kind === 'node'
                ? { view: 'reach', snapshot, target: m.id }
                : { view: 'blast', snapshot, source: m.id },
            ),
          )
        : null,
      snapshot && route.view !== 'login' && route.view !== 'snapshots' && route.view !== 'reports'
        ? h(
            'select',
            {
              'aria-label': 'Exploit mode',
              'data-testid': 'exploit-mode',
              onchange: (event: Event) =>
                navigate({ ...route, exploits: (event.target as HTMLSelectElement).value as ExploitMode }),
            },
            EXPLOIT_MODES.map((mode) =>
              h(
                'option',
                { value: mode, ...(mode === exploitMode() ? { selected: true } : {}) },
                EXPLOIT_MODE_TEXT[mode],
              ),
            ),
          )
        : null,
      storedToken()
        ? h(
            'button',
            {
              type: 'button',
              class: 'logout',
              onclick: () => (storeToken(null), navigate({ view: 'login' })),
            },
            'Forget token',
          )
        : null,
    ),
    snapshot && route.view !== 'login' ? pathPickerBar(snapshot, navigate) : '',
  );
}

async function buildView(route: Route): Promise<View> {
  if (route.view === 'login') return loginView(route.reason);
  catalog ??= await api.catalog();
  switch (route.view) {
    case 'snapshots':
      return snapshotsView(route.all === true, navigate);
    case 'reports':
      return reportsView(route.cluster);
    case 'overview':
      rememberSnapshot(route.snapshot);
      return { element: await overviewView(route.snapshot) };
    case 'reach':
      return { element: await reachView(route.snapshot, 'reach', route.target) };
    case 'blast':
      return { element: await reachView(route.snapshot, 'blast', route.source) };
    case 'paths':
    case 'graph':
      return graphView(route, catalog, navigate);
  }
}

async function render(): Promise<void> {
  const handed = tokenFromHash(location.hash);
  if (handed) {
    storeToken(handed);
    history.replaceState(null, '', `${location.pathname}#/`);
  }
  let route = parseRoute(location.hash);
  if (!storedToken() && route.view !== 'login') route = { view: 'login' };
  setExploitMode('exploits' in route ? (route.exploits ?? 'assumed') : 'assumed');
  const mine = ++renderCount;
  current?.dispose?.();
  current = null;
  document.body.dataset.state = 'loading';
  renderHeader(route);
  const loading = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  main.replaceChildren(loading);
  // The first request on a snapshot builds its attack graph: on a large cluster, tens of seconds.
  // After a second, say how far along it is (the API answers that while its worker builds).
  const snapshot = 'snapshot' in route ? route.snapshot : null;
  const slow = setTimeout(
    () =>
      void showProgress(
        loading,
        snapshot,
        () => mine === renderCount && document.body.dataset.state === 'loading',
      ),
    1000,
  );
  let view: View;
  try {
    view = await buildView(route);
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401)
      view = loginView('That token was refused: paste a valid one.');
    else view = { element: errorView(error) };
  }
  clearTimeout(slow);
  if (mine !== renderCount) return view.dispose?.();
  current = view;
  main.replaceChildren(view.element);
  try {
    await view.mounted?.();
  } catch (error) {
    main.append(errorView(error));
  }
  if (mine === renderCount) document.body.dataset.state = 'ready';
}

function errorView(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    const hint =
      error.status === 404
        ? 'Check the snapshot and vertex ids in the URL.'
        : error.status === 400
          ? 'The request was refused as malformed or too large.'
          : error.status === 429
            ? 'Too many requests: wait a minute.'
            : undefined;
    return notice('error', error.title, [error.detail, hint].filter(Boolean).join(' '));
  }
  return notice('error', 'Something went wrong', error instanceof Error ? error.message : String(error));
}

document.addEventListener('keydown', (ev) => {
  const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
  if (ev.key === '/' && !typing) {
    const search = document.querySelector<HTMLInputElement>('[data-testid=search]');
    if (search) {
      ev.preventDefault();
      search.focus();
    }
    return;
  }
  if (!typing && current?.onKey?.(ev)) ev.preventDefault();
});
window.addEventListener('hashchange', () => void render());
void render();
