/**
 * The graph views: the k cheapest paths between two vertices (drawn left to right by dagre),
 * or the neighbourhood of one vertex (fcose, or rings when large). Both filter by edge kind and
 * namespace, export PNG and JSON, grow on demand ("expand neighbours"), and show the evidence
 * of whatever is clicked. The path view also answers "what if I remove this": it re-runs the
 * query without the chosen objects or edges, and that state is part of the URL.
 */
import { api } from '../api/client.js';
import type {
  Catalog,
  EdgeData,
  Elements,
  NeighbourhoodAnswer,
  NodeData,
  PathsAnswer,
  PathStep,
  Removal,
} from '../api/types.js';
import { download, h, notice } from '../dom.js';
import { answerNotices, checklist, sizeSelect, whatIfChips } from './graph-controls.js';
import { GraphCanvas } from '../graph/canvas.js';
import { groupPaths, groupText } from '../graph/names.js';
import { captionLines } from '../graph/caption.js';
import { formatRoute, type Route } from '../router.js';
import { edgeDetails, nodeDetails, type WhatIfControls } from './details-panel.js';
import type { View } from './view.js';

type GraphRoute = Extract<Route, { view: 'paths' } | { view: 'graph' }>;

const sameStep = (a: PathStep, b: PathStep) => a.from === b.from && a.kind === b.kind && a.to === b.to;
const sameRemoval = (a: Removal, b: Removal) =>
  a.kind === b.kind && (a.namespace ?? '') === (b.namespace ?? '') && a.name === b.name;

/** Elements of the answer with the edge ids of each path, for highlighting and stepping. */
function pathEdgeIds(answer: PathsAnswer): string[][] {
  return answer.paths.map((p) =>
    p.path.map(
      (step) =>
        answer.elements.edges.find(
          (e) => e.data.source === step.from && e.data.target === step.to && e.data.kind === step.kind,
        )!.data.id,
    ),
  );
}

/** The caption of an exported image, with the snapshot's name and date. */
async function pngCaption(route: GraphRoute): Promise<string[]> {
  return captionLines(route, await api.snapshot(route.snapshot).catch(() => null));
}

export async function graphView(
  route: GraphRoute,
  catalog: Catalog,
  navigate: (r: Route) => void,
): Promise<View> {
  const { snapshot } = route;
  let answer: PathsAnswer | null = null;
  let elements: Elements;
  let truncated: boolean;
  let size: NeighbourhoodAnswer['size'];
  if (route.view === 'paths') {
    answer = await api.paths(snapshot, route);
    elements = answer.elements;
    truncated = answer.truncated;
  } else {
    const n = await api.neighbourhood(snapshot, route.vertex, route.depth, route.limit);
    elements = n.elements;
    truncated = n.truncated;
    size = n.size;
  }
  const paths = answer ? pathEdgeIds(answer) : [];
  let hide = [...route.hide];
  let namespaces = [...route.namespaces];
  let selectedPath = 0;
  let step = -1;
  let selected = route.selected;
  let canvas: GraphCanvas | null = null;

  const container = h('div', {
    class: 'canvas',
    'data-testid': 'canvas',
    tabindex: 0,
    'aria-label': 'attack graph',
  });
  const panel = h(
    'aside',
    { class: 'panel', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Click a vertex or an edge to see what it is and why it is there.'),
  );
  const status = h('div', { class: 'status', 'data-testid': 'graph-status' });
  const notices = h('div', { class: 'notices' });

  /** Keeps the URL in step with the filters without re-fetching (replaceState fires no hashchange). */
  const syncUrl = () => {
    const { selected: _previous, ...rest } = route;
    const next = { ...rest, hide, namespaces, ...(selected ? { selected } : {}) } as GraphRoute;
    history.replaceState(null, '', formatRoute(next));
  };
  // In the path view the edge-kind filter is part of the query (the API searches without those
  // kinds), so nothing drawn needs hiding; a neighbourhood hides what is drawn.
  const applyFilter = () => {
    if (!canvas) return;
    const shown = canvas.filter(route.view === 'paths' ? [] : hide, namespaces);
    // "Of" the true size: a neighbourhood the cap cut short says how large it really is.
    const more = size?.atLeast ? ' at least' : '';
    status.textContent = `${shown.nodes} vertices, ${shown.edges} edges shown of${more} ${(size?.vertices ?? elements.nodes.length).toLocaleString()} and ${(size?.edges ?? elements.edges.length).toLocaleString()}`;
    syncUrl();
  };

  const whatIf: WhatIfControls | undefined =
    route.view === 'paths'
      ? {
          isCut: (e) => route.cut.some((c) => sameStep(c, { from: e.source, kind: e.kind, to: e.target })),
          toggleCut: (e) => {
            const s = { from: e.source, kind: e.kind, to: e.target };
            const cut = route.cut.some((c) => sameStep(c, s))
              ? route.cut.filter((c) => !sameStep(c, s))
              : [...route.cut, s];
            navigate({ ...route, hide, namespaces, cut });
          },
          isRemoved: (r) => route.without.some((w) => sameRemoval(w, r)),
          toggleRemoval: (r) => {
            const without = route.without.some((w) => sameRemoval(w, r))
              ? route.without.filter((w) => !sameRemoval(w, r))
              : [...route.without, r];
            navigate({ ...route, hide, namespaces, without });
          },
        }
      : undefined;

  const showEdge = (edge: EdgeData) => {
    panel.replaceChildren(edgeDetails(catalog, snapshot, edge, whatIf));
    selected = { from: edge.source, kind: edge.kind, to: edge.target };
    syncUrl();
  };
  const expand = async (node: NodeData) => {
    try {
      const more = await api.neighbourhood(snapshot, node.id, 1, 200);
      const added = await canvas!.add(more.elements);
      size = undefined; // the view is no longer the neighbourhood counted
      const had = new Set([...elements.nodes, ...elements.edges].map((x) => x.data.id));
      elements = {
        nodes: [...elements.nodes, ...more.elements.nodes.filter((n) => !had.has(n.data.id))],
        edges: [...elements.edges, ...more.elements.edges.filter((e) => !had.has(e.data.id))],
      };
      renderFilters();
      applyFilter();
      notices.replaceChildren(
        notice(
          'info',
          `Expanded ${node.id}: ${added} new elements.`,
          more.truncated ? 'More neighbours exist than were drawn (200 at most per expansion).' : undefined,
        ),
      );
    } catch (error) {
      notices.replaceChildren(notice('error', 'Cannot expand', (error as Error).message));
    }
  };
  const showNode = (node: NodeData) => {
    panel.replaceChildren(nodeDetails(catalog, snapshot, node, (n) => void expand(n)));
    selected = undefined;
    syncUrl();
  };

  const selectStep = (i: number) => {
    const ids = paths[selectedPath];
    if (!ids || !canvas) return;
    step = Math.max(0, Math.min(ids.length - 1, i));
    canvas.selectEdge(ids[step]!);
    const data = canvas.cy.getElementById(ids[step]!).data() as EdgeData;
    showEdge(data);
  };

  // A neighbourhood has no path to step along: the arrows walk its vertices, nearest first.
  let vertexAt = -1;
  const selectVertex = (delta: number) => {
    if (!canvas) return;
    const shown = canvas.visibleVertices();
    if (!shown.length) return;
    vertexAt = (vertexAt + delta + shown.length) % shown.length;
    const data = shown[vertexAt]!;
    canvas.selectVertex(data.id);
    showNode(data);
  };

  // Toolbar. The filters list what is drawn, so they are rebuilt when the view grows.
  const filters = h('span', { class: 'filters' });
  const renderFilters = () => {
    const kinds = [...new Set([...elements.edges.map((e) => e.data.kind), ...hide])].sort();
    const nsValues = [
      ...new Set(elements.nodes.map((n) => n.data.namespace).filter((x): x is string => !!x)),
    ].sort();
    filters.replaceChildren(
      checklist(
        'Edge kinds',
        'edge-filter',
        kinds,
        (k) => !hide.includes(k),
        (checked) => {
          hide = kinds.filter((k) => !checked.includes(k));
          if (route.view === 'paths') navigate({ ...route, hide, namespaces });
          else applyFilter();
        },
      ),
      nsValues.length
        ? checklist(
            'Namespaces',
            'namespace-filter',
            nsValues,
            (n) => namespaces.length === 0 || namespaces.includes(n),
            (checked) => {
              namespaces = checked.length === nsValues.length ? [] : checked;
              applyFilter();
            },
          )
        : '',
    );
  };
  renderFilters();
  const groupBox = h('input', {
    type: 'checkbox',
    checked: route.view === 'graph' && elements.nodes.length <= 300,
  });
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar' },
    sizeSelect(route, (change) => navigate({ ...route, hide, namespaces, ...change })),
    filters,
    h('label', {}, groupBox, ' group by namespace and pod'),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'export-png',
        onclick: async () => {
          if (!canvas) return;
          download('kubepath.png', await canvas.png(await pngCaption(route)));
        },
      },
      'Export PNG',
    ),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'export-json',
        onclick: () =>
          canvas &&
          download(
            'kubepath.json',
            new Blob(
              [
                JSON.stringify(
                  { view: formatRoute(route), elements: canvas.json(), paths: answer?.paths ?? [] },
                  null,
                  2,
                ),
              ],
              {
                type: 'application/json',
              },
            ),
          ),
      },
      'Export JSON',
    ),
  );

  // What-if chips and the notices of the answer.
  const chips =
    whatIf && route.view === 'paths'
      ? whatIfChips(route, whatIf, () => navigate({ ...route, without: [], cut: [] }))
      : null;
  notices.append(...answerNotices(route, answer, truncated));
  if (route.view === 'paths' && route.hide.length)
    notices.append(
      notice(
        'info',
        `Searched without ${route.hide.join(', ')}`,
        'The paths were found again without these edge kinds, not merely hidden; tick them in "Edge kinds" to search with them.',
      ),
    );

  const title =
    route.view === 'paths'
      ? h('h1', {}, 'Paths from ', h('code', {}, route.from), ' to ', h('code', {}, route.to))
      : h('h1', {}, 'Neighbourhood of ', h('code', {}, route.vertex));

  // One line per group of alike paths, named by what they pass through; a group's variants
  // are numbered buttons of their own.
  const highlightPath = (i: number) => {
    selectedPath = i;
    step = -1;
    canvas?.highlight(paths[i]!);
  };
  const pathList =
    answer && answer.paths.length
      ? h(
          'ol',
          { class: 'path-list', 'data-testid': 'path-list' },
          groupPaths(answer).map((group) =>
            h(
              'li',
              { 'data-testid': 'path-group' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'path-button',
                  title: group.kinds.join(' → '),
                  onclick: () => highlightPath(group.members[0]!),
                },
                h('span', { class: 'path-cost' }, `cost ${group.cost}`),
                group.members.length > 1
                  ? h('span', { class: 'muted' }, ` · ${group.members.length} paths`)
                  : null,
                group.assumesExploit ? h('span', { class: 'assumed' }, ' · assumes an exploit') : null,
                h('span', { class: 'path-text' }, groupText(group)),
              ),
              group.members.length > 1
                ? h(
                    'span',
                    { class: 'variants' },
                    'variants: ',
                    group.members.map((i) =>
                      h(
                        'button',
                        { type: 'button', class: 'variant', onclick: () => highlightPath(i) },
                        String(i + 1),
                      ),
                    ),
                  )
                : null,
            ),
          ),
        )
      : null;
  const element = h(
    'section',
    { class: 'graph-view', 'data-testid': `${route.view}-view` },
    title,
    toolbar,
    chips,
    notices,
    h('div', { class: 'graph-body' }, h('div', { class: 'graph-main' }, container, status, pathList), panel),
    h(
      'p',
      { class: 'hint muted' },
      route.view === 'paths'
        ? 'Keys: ← → step along the highlighted path, Esc clears, / searches.'
        : 'Keys: ← → go from vertex to vertex, nearest first; Esc clears, / searches.',
    ),
  );

  const draw = async () => {
    delete document.body.dataset.graphReady;
    canvas?.destroy();
    const started = performance.now();
    canvas = new GraphCanvas({
      container,
      catalog,
      elements,
      layout: route.view === 'paths' ? 'paths' : 'neighbourhood',
      ...(route.view === 'graph' ? { focus: route.vertex } : {}),
      group: groupBox.checked,
      fold: route.view === 'graph',
      onUnfold: (fold) => {
        applyFilter();
        notices.replaceChildren(
          notice(
            'info',
            `Opened ${fold.members.length} ${fold.vertexKind} vertices (${fold.kind} of ${fold.anchor}).`,
          ),
        );
      },
      onSelectNode: showNode,
      onSelectEdge: showEdge,
      onClear: () => {
        canvas?.highlight(null);
        selected = undefined;
        syncUrl();
        panel.replaceChildren(
          h('p', { class: 'muted' }, 'Click a vertex or an edge to see what it is and why it is there.'),
        );
      },
    });
    const created = performance.now();
    applyFilter();
    if (paths.length) canvas.highlight(paths[selectedPath]!);
    const { layoutMs, paintMs } = await canvas.layout();
    // A link to one step opens with that step's evidence.
    const linked = selected && canvas.edgeBetween(selected);
    if (linked) {
      canvas.selectEdge(linked.id);
      showEdge(linked);
    }
    // For the browser benchmark and the e2e tests: when the drawing is on screen.
    performance.mark('kubepath:painted', {
      detail: {
        elements: elements.nodes.length + elements.edges.length,
        ms: performance.now() - started,
        createMs: created - started,
        layoutMs,
        paintMs,
      },
    });
    document.body.dataset.graphReady = 'true';
    (window as unknown as { kubepathViewer: unknown }).kubepathViewer = { cy: canvas.cy };
  };
  groupBox.addEventListener('change', () => void draw());

  return {
    element,
    mounted: draw,
    dispose: () => {
      canvas?.destroy();
      delete document.body.dataset.graphReady;
    },
    onKey: (ev) => {
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
        const delta = ev.key === 'ArrowRight' ? 1 : -1;
        if (paths.length) selectStep(step + delta);
        else selectVertex(delta);
        return true;
      }
      if (ev.key === 'Escape') {
        canvas?.cy.elements().unselect();
        step = -1;
        return true;
      }
      return false;
    },
  };
}
