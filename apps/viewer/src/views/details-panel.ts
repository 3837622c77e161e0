/**
 * The side panel: what a clicked vertex or edge is. For an edge: the catalog's description,
 * MITRE technique and remediation, and the evidence (object and field) that made it; in the
 * path view, "what if" toggles that re-run the query without the edge or its objects.
 */
import { api } from '../api/client.js';
import type { Catalog, EdgeData, Evidence, NodeData, Removal } from '../api/types.js';
import { h, link } from '../dom.js';
import { formatRoute } from '../router.js';
import { edgeColours } from '../graph/style.js';
import { evidenceItem, objectName } from './evidence.js';
import { entityPanel } from './entity-panel.js';
import { pathEndButtons } from './path-picker.js';

export interface WhatIfControls {
  isCut: (edge: EdgeData) => boolean;
  toggleCut: (edge: EdgeData) => void;
  isRemoved: (r: Removal) => boolean;
  toggleRemoval: (r: Removal) => void;
}

/** MITRE's page for a technique: T1552.007 → /techniques/T1552/007/. */
const mitreUrl = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/** Evidence of kind "kubepath" is structural (kubepath's own reasoning): nothing to remove. */
const isObject = (e: Evidence) => e.kind !== 'kubepath';

export function edgeDetails(
  catalog: Catalog,
  snapshot: string,
  edge: EdgeData,
  whatIf?: WhatIfControls,
): HTMLElement {
  const spec = catalog.edges.find((e) => e.kind === edge.kind);
  const colour = edgeColours(catalog).get(edge.kind) ?? '#999';
  const removals = new Map<string, Removal>();
  for (const e of edge.evidence.filter(isObject))
    removals.set(objectName(e), {
      kind: e.kind,
      ...(e.namespace ? { namespace: e.namespace } : {}),
      name: e.name,
    });
  return h(
    'div',
    { class: 'details', 'data-testid': 'evidence-panel' },
    h('h2', {}, h('span', { class: 'swatch', style: `background:${colour}` }), edge.kind),
    h('p', { class: 'step' }, h('code', {}, edge.source), ' → ', h('code', {}, edge.target)),
    spec ? h('p', {}, spec.description) : null,
    h(
      'dl',
      {},
      h('dt', {}, 'cost'),
      h('dd', {}, edge.cost),
      spec ? [h('dt', {}, 'category'), h('dd', {}, spec.category)] : null,
      spec?.mitre
        ? [
            h('dt', {}, 'MITRE ATT&CK'),
            h(
              'dd',
              { 'data-testid': 'mitre' },
              h('a', { href: mitreUrl(spec.mitre.id), target: '_blank', rel: 'noopener' }, spec.mitre.id),
              ` ${spec.mitre.name}`,
            ),
          ]
        : null,
      spec?.kubehound ? [h('dt', {}, 'KubeHound'), h('dd', {}, spec.kubehound)] : null,
    ),
    spec ? [h('h3', {}, 'Remediation'), h('p', { 'data-testid': 'remediation' }, spec.remediation)] : null,
    h('h3', {}, 'Evidence'),
    edge.evidence.length === 0
      ? h('p', { class: 'muted' }, 'Structural: no single object makes this edge.')
      : h(
          'ul',
          { class: 'evidence', 'data-testid': 'evidence' },
          edge.evidence.map((e) => evidenceItem(snapshot, e)),
        ),
    whatIf
      ? [
          h('h3', {}, 'What if…'),
          h(
            'div',
            { class: 'what-if' },
            h(
              'button',
              { type: 'button', 'data-testid': 'toggle-cut', onclick: () => whatIf.toggleCut(edge) },
              whatIf.isCut(edge) ? 'Restore this edge' : 'What if this edge were gone',
            ),
            [...removals.values()].map((r) =>
              h(
                'button',
                { type: 'button', 'data-testid': 'toggle-removal', onclick: () => whatIf.toggleRemoval(r) },
                whatIf.isRemoved(r) ? `Restore ${objectName(r)}` : `What if I remove ${objectName(r)}`,
              ),
            ),
          ),
        ]
      : null,
  );
}

export function nodeDetails(
  catalog: Catalog,
  snapshot: string,
  node: NodeData,
  onExpand: (node: NodeData) => void,
): HTMLElement {
  const kind = catalog.vertices.find((v) => v.kind === node.kind);
  return h(
    'div',
    { class: 'details', 'data-testid': 'vertex-panel' },
    h('h2', {}, node.kind === 'binding' || node.kind === 'clusterbinding' ? node.name : node.label),
    h('p', {}, h('code', {}, node.id)),
    node.label !== node.name ? h('p', {}, node.label) : null,
    kind ? h('p', { class: 'muted' }, kind.description) : null,
    h(
      'dl',
      {},
      h('dt', {}, 'kind'),
      h('dd', {}, node.kind),
      node.namespace ? [h('dt', {}, 'namespace'), h('dd', {}, node.namespace)] : null,
      node.crownJewel ? [h('dt', {}, 'crown jewel'), h('dd', {}, node.crownJewel)] : null,
      node.tierZero
        ? [
            h('dt', {}, 'Tier Zero'),
            h('dd', { 'data-testid': 'tier-zero-reason' }, `privileged by design: ${node.tierZero}`),
          ]
        : null,
    ),
    h(
      'div',
      { class: 'actions' },
      link(formatRoute({ view: 'reach', snapshot, target: node.id }), 'Who can reach it'),
      link(formatRoute({ view: 'blast', snapshot, source: node.id }), 'Blast radius'),
      link(
        formatRoute({
          view: 'graph',
          snapshot,
          vertex: node.id,
          depth: 1,
          limit: 500,
          hide: [],
          namespaces: [],
        }),
        'Neighbourhood',
      ),
      h(
        'button',
        { type: 'button', 'data-testid': 'expand', onclick: () => onExpand(node) },
        'Expand neighbours',
      ),
      ownedToggle(snapshot, node.id),
      pathEndButtons(snapshot, node.id),
    ),
    entityPanel(snapshot, node.id),
  );
}

/** The owned marks of each snapshot, fetched once and kept up to date by the toggles. */
const ownedBySnapshot = new Map<string, Promise<Set<string>>>();
const ownedOf = (snapshot: string) => {
  let owned = ownedBySnapshot.get(snapshot);
  if (!owned) {
    owned = api.compromised(snapshot).then((c) => new Set(c.owned));
    // A failed fetch is tried again at the next click rather than remembered.
    owned.catch(() => ownedBySnapshot.delete(snapshot));
    ownedBySnapshot.set(snapshot, owned);
  }
  return owned;
};

/**
 * "Mark as owned", as BloodHound users do: the vertex becomes known compromised, and the
 * snapshot's start page leads with what it already reaches. Needs an admin token.
 */
function ownedToggle(snapshot: string, vertex: string): HTMLElement {
  const note = h('span', { class: 'muted', 'data-testid': 'owned-note' });
  const button = h(
    'button',
    { type: 'button', 'data-testid': 'mark-owned', disabled: true },
    'Mark as owned',
  );
  const show = (owned: boolean) => {
    button.disabled = false;
    button.textContent = owned ? 'Owned: take the mark back' : 'Mark as owned';
    button.dataset.owned = String(owned);
  };
  ownedOf(snapshot).then(
    (owned) => show(owned.has(vertex)),
    () => show(false),
  );
  button.addEventListener('click', async () => {
    const owned = button.dataset.owned === 'true';
    button.disabled = true;
    try {
      const answer = owned ? await api.unmarkOwned(snapshot, vertex) : await api.markOwned(snapshot, vertex);
      ownedBySnapshot.set(snapshot, Promise.resolve(new Set(answer.owned)));
      note.textContent = owned ? '' : 'the start page now leads with what it reaches';
      show(!owned);
    } catch (error) {
      note.textContent =
        (error as { status?: number }).status === 403
          ? 'marking needs an admin token'
          : (error as Error).message;
      show(owned);
    }
  });
  return h('span', { class: 'owned-toggle' }, button, note);
}
