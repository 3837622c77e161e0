/**
 * The Cytoscape canvas: draws a bounded set of elements, chooses the layout by what is drawn
 * and how much (measured in headless Chromium on 2 cores: dagre and fcose take ~0.35 s for
 * 500 elements, fcose 2.3 s and dagre 6.5 s for 2,000), filters by edge kind and namespace,
 * and exports PNG and JSON. Never the whole cluster graph: the API caps every answer.
 */
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import type { Catalog, EdgeData, Elements, NodeData } from '../api/types.js';
import { edgeColours, stylesheet } from './style.js';
import { vertexLabel } from './names.js';

cytoscape.use(dagre);
cytoscape.use(fcose);

/** Above this many elements a force layout would block the tab for seconds: rings instead. */
export const FORCE_LAYOUT_LIMIT = 800;

export type LayoutKind = 'paths' | 'neighbourhood';

export interface CanvasOptions {
  container: HTMLElement;
  catalog: Catalog;
  elements: Elements;
  layout: LayoutKind;
  /** The vertex the view is about: the centre of a neighbourhood's rings. */
  focus?: string;
  /** Draw namespaces, and pods around their containers, as boxes (compound nodes). */
  group: boolean;
  /** Fold alike leaves (GROUP_MIN or more on one vertex by one edge kind) into counted nodes. */
  fold?: boolean;
  onSelectNode: (data: NodeData) => void;
  onSelectEdge: (data: EdgeData) => void;
  onClear: () => void;
  /** A fold was opened (its vertices are drawn now). */
  onUnfold?: (fold: Fold) => void;
}

const NS_PREFIX = 'kubepath-ns:';
const FOLD_PREFIX = 'kubepath-fold:';
/** Alike leaves folded into one counted node from this many on. */
export const GROUP_MIN = 8;

/** Leaves folded into one counted node: the vertices, and the edges that joined them. */
export interface Fold {
  id: string;
  anchor: string;
  kind: string;
  vertexKind: string;
  members: { data: NodeData }[];
  edges: { data: EdgeData }[];
}

/**
 * Vertices with one edge in view (leaves), alike — the same vertex kind, hanging off the same
 * vertex by the same edge kind in the same direction — GROUP_MIN or more at a time: the pods of
 * a node, the members of a group, the replicas of a workload. The focus is never folded.
 */
export function foldLeaves(elements: Elements, focus: string | undefined): Fold[] {
  const degree = new Map<string, number>();
  for (const e of elements.edges)
    for (const end of [e.data.source, e.data.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const nodes = new Map(elements.nodes.map((n) => [n.data.id, n]));
  const groups = new Map<string, Fold>();
  for (const e of elements.edges) {
    for (const [leaf, anchor, direction] of [
      [e.data.source, e.data.target, 'in'],
      [e.data.target, e.data.source, 'out'],
    ] as const) {
      const node = nodes.get(leaf);
      if (!node || leaf === focus || leaf === anchor || degree.get(leaf) !== 1) continue;
      const key = `${anchor}|${e.data.kind}|${direction}|${node.data.kind}`;
      let fold = groups.get(key);
      if (!fold)
        groups.set(
          key,
          (fold = {
            id: `${FOLD_PREFIX}${key}`,
            anchor,
            kind: e.data.kind,
            vertexKind: node.data.kind,
            members: [],
            edges: [],
          }),
        );
      fold.members.push(node);
      fold.edges.push(e);
    }
  }
  return [...groups.values()].filter((f) => f.members.length >= GROUP_MIN);
}

const KIND_PLURAL: Record<string, string> = {
  sa: 'service accounts',
  user: 'users',
  group: 'groups',
  pod: 'pods',
  container: 'containers',
  node: 'nodes',
  secret: 'secrets',
  service: 'Services',
  binding: 'RoleBindings',
  clusterbinding: 'ClusterRoleBindings',
  hub: 'hubs',
};
/** The zoom below which the 11 px labels are too small to read. */
const MIN_READABLE_ZOOM = 0.8;

/**
 * The elements as Cytoscape wants them. With `group`, vertices sit in a box for their namespace,
 * and a container sits in its pod when the pod is drawn too (CONTAINER_ATTACH pod → container
 * is how the graph says which pod it belongs to; that edge is then implied by the box).
 */
function toCytoscape(
  elements: Elements,
  group: boolean,
  colours: ReadonlyMap<string, string>,
  exploitKinds: ReadonlySet<string>,
): cytoscape.ElementDefinition[] {
  const out: cytoscape.ElementDefinition[] = [];
  const drawn = new Set(elements.nodes.map((n) => n.data.id));
  const podOf = new Map<string, string>();
  if (group)
    for (const e of elements.edges)
      if (e.data.kind === 'CONTAINER_ATTACH' && drawn.has(e.data.source))
        podOf.set(e.data.target, e.data.source);
  const namespaces = new Set<string>();
  for (const n of elements.nodes) {
    const ns = group && n.data.namespace ? `${NS_PREFIX}${n.data.namespace}` : undefined;
    const parent = podOf.get(n.data.id) ?? ns;
    if (ns) namespaces.add(n.data.namespace!);
    out.push({
      group: 'nodes',
      data: { ...n.data, display: vertexLabel(n.data), ...(parent ? { parent } : {}) },
    });
  }
  for (const ns of namespaces)
    out.push({
      group: 'nodes',
      data: { id: `${NS_PREFIX}${ns}`, display: `namespace ${ns}`, kind: 'namespace-group' },
    });
  // Colours ride in the data: one mapped style rule instead of a selector per kind.
  // An exploit step is dashed, and labelled as assumed when no vulnerability report backs it.
  for (const e of elements.edges) {
    const classes: string[] = [];
    if (podOf.get(e.data.target) === e.data.source && e.data.kind === 'CONTAINER_ATTACH')
      classes.push('implied');
    const exploit = exploitKinds.has(e.data.kind);
    const assumed = exploit && e.data.evidence.some((x) => x.kind === 'kubepath' && x.name === 'exploit');
    if (exploit) classes.push('exploit');
    out.push({
      group: 'edges',
      data: {
        ...e.data,
        colour: colours.get(e.data.kind) ?? '#94a3b8',
        display: assumed ? `${e.data.kind} (assumed)` : e.data.kind,
      },
      ...(classes.length ? { classes: classes.join(' ') } : {}),
    });
  }
  return out;
}

/** Hop distance from `focus` ignoring direction: the rings of a large neighbourhood. */
function ringsFrom(cy: cytoscape.Core, focus: string | undefined): Map<string, number> {
  const rings = new Map<string, number>();
  const start = focus ? cy.getElementById(focus) : cy.collection();
  if (start.empty()) return rings;
  rings.set(focus!, 0);
  let frontier = [start];
  while (frontier.length) {
    const next: cytoscape.NodeSingular[] = [];
    for (const n of frontier)
      for (const m of n.neighborhood('node').toArray() as cytoscape.NodeSingular[])
        if (!rings.has(m.id())) {
          rings.set(m.id(), rings.get(n.id())! + 1);
          next.push(m);
        }
    frontier = next as typeof frontier;
  }
  return rings;
}

function layoutOptions(cy: cytoscape.Core, kind: LayoutKind, focus?: string): cytoscape.LayoutOptions {
  if (kind === 'paths')
    return {
      name: 'dagre',
      rankDir: 'LR',
      // Ranks far enough apart for two wrapped 120 px labels not to touch.
      nodeSep: 40,
      rankSep: 110,
      edgeSep: 10,
      animate: false,
    } as cytoscape.LayoutOptions;
  if (cy.elements().length <= FORCE_LAYOUT_LIMIT)
    return {
      name: 'fcose',
      quality: 'default',
      animate: false,
      randomize: true,
      nodeRepulsion: 6000,
      idealEdgeLength: 90,
    } as cytoscape.LayoutOptions;
  const rings = ringsFrom(cy, focus);
  const far = Math.max(0, ...rings.values()) + 1;
  return {
    name: 'concentric',
    animate: false,
    minNodeSpacing: 8,
    concentric: (n: cytoscape.NodeSingular) => far - (rings.get(n.id()) ?? far),
    levelWidth: () => 1,
  } as cytoscape.LayoutOptions;
}

export class GraphCanvas {
  readonly cy: cytoscape.Core;
  private readonly options: CanvasOptions;
  private readonly colours: ReadonlyMap<string, string>;
  private readonly exploitKinds: ReadonlySet<string>;
  /** Positions exist (highlighting a path can then bring it into view). */
  private laidOut = false;
  private readonly resizeObserver: ResizeObserver;
  /** Aborted on destroy: the container outlives the canvas (a redraw makes a new one). */
  private readonly listening = new AbortController();

  constructor(options: CanvasOptions) {
    this.options = options;
    this.colours = edgeColours(options.catalog);
    this.exploitKinds = new Set(options.catalog.edges.filter((e) => e.exploit).map((e) => e.kind));
    const shown = this.foldElements(options);
    this.cy = cytoscape({
      container: options.container,
      elements: shown,
      style: stylesheet(options.elements.nodes.length + options.elements.edges.length > FORCE_LAYOUT_LIMIT),
      minZoom: 0.05,
      maxZoom: 4,
      // Large neighbourhoods: skip edge drawing while panning, as Cytoscape's docs advise.
      hideEdgesOnViewport: options.elements.edges.length > 1500,
      textureOnViewport: options.elements.edges.length > 1500,
    });
    // Cytoscape caches where its container is on the page; a notice or panel appearing above
    // moves it without telling. Refresh that cache before every pointer gesture, and resize
    // the drawing with its box.
    for (const type of ['mousedown', 'touchstart', 'wheel'])
      options.container.addEventListener(type, () => this.cy.resize(), {
        capture: true,
        passive: true,
        signal: this.listening.signal,
      });
    this.resizeObserver = new ResizeObserver(() => this.cy.resize());
    this.resizeObserver.observe(options.container);
    this.cy.on('tap', 'node', (ev) => {
      if (ev.target.hasClass('folded')) void this.unfold(ev.target.id());
      else if (ev.target.data('kind') !== 'namespace-group')
        options.onSelectNode(ev.target.data() as NodeData);
    });
    this.cy.on('tap', 'edge', (ev) => {
      if (!ev.target.hasClass('folded')) options.onSelectEdge(ev.target.data() as EdgeData);
    });
    // Hover says what an edge is and which object makes it; a click shows everything.
    this.cy.on('mouseover', 'edge', (ev) => {
      const d = ev.target.data() as EdgeData;
      const first = d.evidence.find((e) => e.kind !== 'kubepath');
      options.container.title = `${d.kind} (cost ${d.cost})${first ? `: ${first.kind} ${first.namespace ? `${first.namespace}/` : ''}${first.name} ${first.path}` : ''}`;
    });
    this.cy.on('mouseover', 'node', (ev) => {
      options.container.title = ev.target.id();
    });
    this.cy.on('mouseout', 'node, edge', () => {
      options.container.title = '';
    });
    this.cy.on('tap', (ev) => {
      if (ev.target === this.cy) options.onClear();
    });
  }

  /** The folds not yet opened, by id. */
  private readonly folds = new Map<string, Fold>();

  /** The elements to draw: with `fold`, alike leaves as one counted node and one counted edge each. */
  private foldElements(options: CanvasOptions): cytoscape.ElementDefinition[] {
    const folds = options.fold ? foldLeaves(options.elements, options.focus) : [];
    const hidden = new Set(
      folds.flatMap((f) => [...f.members.map((m) => m.data.id), ...f.edges.map((e) => e.data.id)]),
    );
    const kept = {
      nodes: options.elements.nodes.filter((n) => !hidden.has(n.data.id)),
      edges: options.elements.edges.filter((e) => !hidden.has(e.data.id)),
    };
    const out = toCytoscape(kept, options.group, this.colours, this.exploitKinds);
    for (const f of folds) {
      this.folds.set(f.id, f);
      const outward = f.edges[0]!.data.source === f.anchor;
      out.push({
        group: 'nodes',
        classes: 'folded',
        data: {
          id: f.id,
          kind: f.vertexKind,
          count: f.members.length,
          display: `${f.members.length} ${KIND_PLURAL[f.vertexKind] ?? f.vertexKind} (click to open)`,
        },
      });
      out.push({
        group: 'edges',
        classes: 'folded',
        data: {
          id: `${f.id}:edge`,
          source: outward ? f.anchor : f.id,
          target: outward ? f.id : f.anchor,
          kind: f.kind,
          colour: this.colours.get(f.kind) ?? '#94a3b8',
          count: f.members.length,
          display: `${f.kind} ×${f.members.length}`,
        },
      });
    }
    return out;
  }

  /** Opens a fold: its vertices and edges drawn one by one, the view laid out again. */
  async unfold(id: string): Promise<number> {
    const fold = this.folds.get(id);
    if (!fold) return 0;
    this.folds.delete(id);
    this.cy.remove(this.cy.getElementById(id));
    const fresh = toCytoscape(
      { nodes: fold.members, edges: fold.edges },
      this.options.group,
      this.colours,
      this.exploitKinds,
    ).filter((d) => this.cy.getElementById(d.data.id!).empty());
    this.cy.add(fresh);
    await this.layout();
    this.options.onUnfold?.(fold);
    return fold.members.length;
  }

  /** Lays out what is visible; resolves once the result is painted, with the milliseconds of each. */
  async layout(): Promise<{ layoutMs: number; paintMs: number }> {
    const started = performance.now();
    const visible = this.cy.elements().not('.hidden, .implied');
    const run = visible.layout(layoutOptions(this.cy, this.options.layout, this.options.focus));
    const done = run.promiseOn('layoutstop');
    run.run();
    await done;
    this.laidOut = true;
    const path = this.cy.$('.highlight');
    this.show(this.options.layout === 'paths' && path.nonempty() ? path : visible);
    const laidOut = performance.now();
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    return { layoutMs: laidOut - started, paintMs: performance.now() - laidOut };
  }

  /**
   * Fits the elements into the box. In the path view a long path fitted whole shrinks its
   * labels below reading size: there the zoom stays where they read, from the left (where
   * every path begins), and the rest is a pan away.
   */
  private show(eles: cytoscape.CollectionReturnValue): void {
    this.cy.fit(eles, 30);
    if (this.options.layout !== 'paths' || this.cy.zoom() >= MIN_READABLE_ZOOM) return;
    const box = eles.boundingBox();
    this.cy.zoom(MIN_READABLE_ZOOM);
    this.cy.pan({
      x: 30 - box.x1 * MIN_READABLE_ZOOM,
      y: this.cy.height() / 2 - ((box.y1 + box.y2) / 2) * MIN_READABLE_ZOOM,
    });
  }

  /** Adds elements (expand neighbours) and lays the whole view out again. */
  async add(elements: Elements): Promise<number> {
    const fresh = toCytoscape(elements, this.options.group, this.colours, this.exploitKinds).filter((d) =>
      this.cy.getElementById(d.data.id!).empty(),
    );
    this.cy.add(fresh);
    await this.layout();
    return fresh.length;
  }

  /** Hides edges of the given kinds and vertices outside the namespaces (cluster-scoped stay). */
  filter(hiddenKinds: readonly string[], namespaces: readonly string[]): { edges: number; nodes: number } {
    const hide = new Set(hiddenKinds);
    const keepNs = new Set(namespaces);
    // A class, not style bypasses: reading computed styles of thousands of elements is slow.
    const nothingToDo = hide.size === 0 && keepNs.size === 0 && this.cy.$('.hidden').empty();
    if (!nothingToDo)
      this.cy.batch(() => {
        this.cy.elements().removeClass('hidden');
        const outside = this.cy.nodes().filter((n) => {
          const ns = n.data('namespace') as string | undefined;
          return keepNs.size > 0 && ns !== undefined && !keepNs.has(ns);
        });
        outside.union(outside.connectedEdges()).addClass('hidden');
        if (hide.size)
          this.cy
            .edges()
            .filter((e) => hide.has(e.data('kind')))
            .addClass('hidden');
        // Namespace boxes left empty go too.
        this.cy
          .nodes(':parent')
          .filter((p) => p.children().not('.hidden').empty())
          .addClass('hidden');
      });
    // A folded node stands for its members, and its edge for theirs.
    const count = (e: cytoscape.SingularElementArgument) =>
      e.hasClass('folded') ? (e.data('count') as number) : 1;
    return {
      edges: this.cy
        .edges()
        .not('.hidden')
        .reduce((n, e) => n + count(e), 0),
      nodes: this.cy
        .nodes()
        .not('.hidden')
        .filter((n) => n.data('kind') !== 'namespace-group')
        .reduce((n, e) => n + count(e), 0),
    };
  }

  /** Marks the steps of one path; everything else is dimmed. */
  highlight(edgeIds: readonly string[] | null): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('dim highlight');
      if (!edgeIds) return;
      const path = this.cy.collection();
      for (const id of edgeIds)
        path.merge(this.cy.getElementById(id)).merge(this.cy.getElementById(id).connectedNodes());
      this.cy.elements().not(path).not(':parent').addClass('dim');
      path.addClass('highlight');
    });
    if (edgeIds && this.laidOut) this.show(this.cy.$('.highlight'));
  }

  /** The drawn edge of this kind between these two vertices, if any. */
  edgeBetween(step: { from: string; kind: string; to: string }): EdgeData | null {
    const edge = this.cy
      .getElementById(step.from)
      .edgesTo(this.cy.getElementById(step.to))
      .filter((e) => e.data('kind') === step.kind);
    return edge.empty() ? null : (edge[0]!.data() as EdgeData);
  }

  /** The vertices drawn (namespace boxes left out), the focus first, then by distance from it and id. */
  visibleVertices(): NodeData[] {
    const rings = ringsFrom(this.cy, this.options.focus);
    return this.cy
      .nodes()
      .not('.hidden')
      .filter((n) => n.data('kind') !== 'namespace-group' && !n.hasClass('folded'))
      .map((n) => n.data() as NodeData)
      .sort((a, b) => (rings.get(a.id) ?? 99) - (rings.get(b.id) ?? 99) || a.id.localeCompare(b.id));
  }

  selectVertex(id: string): void {
    this.cy.elements().unselect();
    const node = this.cy.getElementById(id);
    node.select();
    this.cy.animate({ center: { eles: node } }, { duration: 150 });
  }

  selectEdge(id: string): void {
    this.cy.elements().unselect();
    const edge = this.cy.getElementById(id);
    edge.select();
    this.cy.animate({ center: { eles: edge } }, { duration: 150 });
  }

  /**
   * The drawing as PNG, with a legend of the edge kinds shown (their colours) and a caption
   * (what the view is), so that an image pasted in a ticket explains itself.
   */
  async png(caption: readonly string[]): Promise<Blob> {
    const scale = 2;
    const drawing = new Image();
    drawing.src = this.cy.png({ full: true, scale, bg: '#ffffff' });
    await drawing.decode();
    const kinds = [
      ...new Set(
        this.cy
          .edges()
          .not('.hidden')
          .map((e) => e.data('kind') as string),
      ),
    ].sort();
    const line = 18 * scale;
    const legendWidth = 320 * scale;
    const top = caption.length + 1;
    const canvas = document.createElement('canvas');
    canvas.width = drawing.width + legendWidth;
    canvas.height = Math.max(drawing.height, line * (kinds.length + top + 2));
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(drawing, 0, 0);
    g.font = `${12 * scale}px sans-serif`;
    g.fillStyle = '#111827';
    caption.forEach((text, i) => g.fillText(text.slice(0, 70), drawing.width + 10 * scale, line * (i + 1)));
    kinds.forEach((kind, i) => {
      const y = line * (i + top + 1.5);
      g.fillStyle = this.colours.get(kind) ?? '#94a3b8';
      g.fillRect(drawing.width + 10 * scale, y - 10 * scale, 24 * scale, 4 * scale);
      g.fillStyle = '#111827';
      g.fillText(kind, drawing.width + 42 * scale, y - 4 * scale);
    });
    return new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'),
    );
  }

  /** What is drawn, as the API's element lists (namespace boxes left out). */
  json(): Elements {
    const visible = (e: cytoscape.SingularElementArgument) => !e.hasClass('hidden') && !e.hasClass('folded');
    const folded = [...this.folds.values()].filter((f) => !this.cy.getElementById(f.id).hasClass('hidden'));
    return {
      nodes: [
        ...folded.flatMap((f) => f.members),
        ...this.cy
          .nodes()
          .filter((n) => visible(n) && n.data('kind') !== 'namespace-group')
          .map((n) => {
            const {
              parent: _parent,
              display: _display,
              ...data
            } = n.data() as NodeData & {
              parent?: string;
              display: string;
            };
            return { data };
          }),
      ],
      edges: [
        ...folded.flatMap((f) => f.edges),
        ...this.cy
          .edges()
          .filter(visible)
          .map((e) => {
            const {
              colour: _colour,
              display: _display,
              ...data
            } = e.data() as EdgeData & { colour: string; display: string };
            return { data };
          }),
      ],
    };
  }

  destroy(): void {
    this.listening.abort();
    this.resizeObserver.disconnect();
    this.cy.destroy();
  }
}
