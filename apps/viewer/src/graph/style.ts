/**
 * How the graph looks: every vertex kind has a shape and colour, every edge kind a colour
 * derived from its catalog category (identity blue, workload orange, network green, crown
 * jewel red, shades within a category) and its kind as label; exploit steps are dashed. Kinds come from the API's
 * catalog, so a new edge kind is styled without touching this file.
 */
import type cytoscape from 'cytoscape';
import type { Catalog } from '../api/types.js';

/** Shape and colour per vertex kind (DESIGN.md "Identifiers"). */
export const VERTEX_LOOK: Record<string, { shape: cytoscape.Css.NodeShape; color: string }> = {
  sa: { shape: 'ellipse', color: '#3b82f6' },
  user: { shape: 'ellipse', color: '#6366f1' },
  group: { shape: 'round-octagon', color: '#8b5cf6' },
  pod: { shape: 'round-rectangle', color: '#f59e0b' },
  container: { shape: 'round-rectangle', color: '#fb923c' },
  node: { shape: 'rectangle', color: '#b45309' },
  secret: { shape: 'diamond', color: '#db2777' },
  service: { shape: 'hexagon', color: '#10b981' },
  binding: { shape: 'tag', color: '#0ea5e9' },
  clusterbinding: { shape: 'tag', color: '#0284c7' },
  namespace: { shape: 'round-rectangle', color: '#94a3b8' },
  external: { shape: 'star', color: '#111827' },
  target: { shape: 'star', color: '#dc2626' },
  hub: { shape: 'round-diamond', color: '#64748b' },
  netclass: { shape: 'barrel', color: '#059669' },
  cloud: { shape: 'vee', color: '#0f766e' },
};

const CATEGORY_HUE: Record<string, number> = { identity: 217, workload: 28, network: 152, 'crown-jewel': 0 };

/** The colours of a catalog, worked out once (the panel asks on every click). */
const coloursOf = new WeakMap<Catalog, Map<string, string>>();

/**
 * A colour for every edge kind: near its category's hue, and apart from the other kinds of its
 * category in hue and lightness together (lightness alone repeated every fourth kind, so a
 * legend showed one colour for four kinds).
 */
export function edgeColours(catalog: Catalog): ReadonlyMap<string, string> {
  const known = coloursOf.get(catalog);
  if (known) return known;
  const colours = new Map<string, string>();
  coloursOf.set(catalog, colours);
  const seen = new Map<string, number>();
  for (const e of catalog.edges) {
    const i = seen.get(e.category) ?? 0;
    seen.set(e.category, i + 1);
    colours.set(e.kind, edgeColour(CATEGORY_HUE[e.category] ?? 270, i));
  }
  return colours;
}

/**
 * The i-th colour of a category: hue within ±24° of its own (nine steps), lightness in five;
 * consecutive kinds jump across both, and no two of the first 45 are the same (9 and 5 are
 * coprime: i ↦ (4i mod 9, 3i mod 5) is one-to-one below 45).
 */
export function edgeColour(hue: number, i: number): string {
  const shift = (((i * 4) % 9) - 4) * 6;
  const lightness = 28 + ((i * 3) % 5) * 7;
  return `hsl(${(hue + shift + 360) % 360}, 70%, ${lightness}%)`;
}

/**
 * The stylesheet. `large` views (thousands of elements) drop edge labels and label wrapping:
 * measuring thousands of label texts is most of the cost of drawing them, and at the zoom a
 * large view fits in they are unreadable anyway (a click still shows everything).
 */
export function stylesheet(large = false): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(display)',
        'font-size': 11,
        'min-zoomed-font-size': 7,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': large ? 'none' : 'wrap',
        'text-max-width': '120px',
        'text-overflow-wrap': 'anywhere',
        width: 26,
        height: 26,
        'border-width': 1,
        'border-color': '#1f2937',
        color: '#111827',
      },
    },
    ...Object.entries(VERTEX_LOOK).map(([kind, look]) => ({
      selector: `node[kind = "${kind}"]`,
      style: { shape: look.shape, 'background-color': look.color },
    })),
    {
      selector: 'node[?crownJewel], node[kind = "target"]',
      style: { width: 38, height: 38, 'border-width': 3 },
    },
    {
      // Tier Zero: privileged by design. A double gold ring, whatever its kind's colour.
      selector: 'node[?tierZero]',
      style: { 'border-width': 4, 'border-style': 'double', 'border-color': '#b45309' },
    },
    {
      selector: ':parent',
      style: {
        'background-opacity': 0.06,
        'background-color': '#64748b',
        'border-style': 'dashed',
        'border-color': '#94a3b8',
        label: 'data(display)',
        'text-valign': 'top',
        'text-halign': 'center',
        'font-size': 12,
        color: '#475569',
        shape: 'round-rectangle',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        // Bezier edges group parallel edges, quadratic at a hub with thousands: large views go straight.
        'curve-style': large ? 'straight' : 'bezier',
        'target-arrow-shape': 'triangle',
        label: large ? '' : 'data(display)',
        'font-size': 9,
        'min-zoomed-font-size': 7,
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        color: '#374151',
      },
    },
    { selector: 'edge.exploit', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    {
      // Alike leaves folded into one counted node: bigger, a dashed double border, a click opens it.
      selector: 'node.folded',
      style: { width: 40, height: 40, 'border-width': 3, 'border-style': 'dashed', 'font-weight': 'bold' },
    },
    { selector: 'edge.folded', style: { width: 4 } },
    {
      selector: 'edge[colour]',
      style: { 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)' },
    },
    { selector: '.hidden, .implied', style: { display: 'none' } },
    { selector: 'edge.dim, node.dim', style: { opacity: 0.25 } },
    { selector: 'edge:selected', style: { width: 5, 'z-index': 10 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#facc15' } },
    {
      selector: '.highlight',
      style: { 'overlay-color': '#facc15', 'overlay-opacity': 0.25, 'overlay-padding': 4 },
    },
  ];
}
