/**
 * Who can reach a vertex, or its blast radius: the list of vertices with their cheapest cost,
 * each row opening the path view. Capped at 500 rows (the API says when the cap was hit).
 */
import { api } from '../api/client.js';
import type { ReachEntry, Truncation } from '../api/types.js';
import { h, link, table } from '../dom.js';
import { formatRoute } from '../router.js';

const MAX_ROWS = 500;

export async function reachView(
  snapshot: string,
  mode: 'reach' | 'blast',
  vertex: string,
): Promise<HTMLElement> {
  let rows: ReachEntry[];
  let truncated: Truncation | undefined;
  if (mode === 'reach') {
    const r = await api.whoCanReach(snapshot, vertex, MAX_ROWS);
    rows = r.sources;
    truncated = r.truncated;
  } else {
    const r = await api.blastRadius(snapshot, vertex, MAX_ROWS);
    rows = r.reached;
    truncated = r.truncated;
  }
  const pathTo = (other: string) =>
    formatRoute({
      view: 'paths',
      snapshot,
      from: mode === 'reach' ? other : vertex,
      to: mode === 'reach' ? vertex : other,
      k: 3,
      without: [],
      cut: [],
      hide: [],
      namespaces: [],
    });
  const filter = h('input', {
    type: 'search',
    placeholder: 'Filter the list',
    'aria-label': 'Filter the list',
  });
  const list = h('div', {});
  const fill = () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = rows.filter((r) => words.every((w) => r.id.toLowerCase().includes(w)));
    list.replaceChildren(
      table(
        'reach-table',
        ['vertex', '#cost', '#steps', 'needs'],
        shown.map((r) => [
          link(pathTo(r.id), r.id),
          r.cost,
          r.path.length,
          r.assumesExploit
            ? h('span', { class: 'badge', title: 'an exploit of a running service' }, 'an exploit')
            : '',
        ]),
      ),
    );
  };
  filter.addEventListener('input', fill);
  fill();
  return h(
    'section',
    { class: 'reach', 'data-testid': `${mode}-view` },
    h('h1', {}, mode === 'reach' ? 'Who can reach ' : 'Blast radius of ', h('code', {}, vertex)),
    h(
      'nav',
      { class: 'toolbar' },
      link(formatRoute({ view: 'reach', snapshot, target: vertex }), 'Who can reach it'),
      link(formatRoute({ view: 'blast', snapshot, source: vertex }), 'Blast radius'),
      link(
        formatRoute({ view: 'graph', snapshot, vertex, depth: 1, limit: 500, hide: [], namespaces: [] }),
        'Neighbourhood',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      rows.length === 0
        ? mode === 'reach'
          ? 'Nothing in the graph reaches it.'
          : 'It reaches nothing.'
        : `${rows.length.toLocaleString()} actors (identities, workloads, nodes, secrets…), cheapest first; crown jewels reached are always listed.`,
    ),
    truncated
      ? h(
          'p',
          { class: 'notice notice-warning', role: 'status' },
          truncated.reason === 'result-cap'
            ? `Showing the ${truncated.limit} cheapest; there are more (ask the API or the CLI for all).`
            : `The search stopped after ${truncated.limit} ms; the list is incomplete.`,
        )
      : null,
    rows.length ? filter : null,
    rows.length ? list : null,
  );
}
