/**
 * The library of pre-built queries on the start page: each question a security team asks
 * first, with its count, its first answers (each a link to what it reaches or who reaches
 * it), and a link to the whole answer. Loaded after the page, so the page never waits for it.
 */
import { api } from '../api/client.js';
import type { PrebuiltQueryAnswer } from '../api/types.js';
import { h, link } from '../dom.js';
import { formatRoute } from '../router.js';

/** An item links to who reaches it (jewels, hubs, secrets) or to what it reaches (actors). */
function itemLink(snapshot: string, id: string): HTMLAnchorElement {
  const kind = id.slice(0, id.indexOf(':'));
  return ['target', 'hub', 'secret'].includes(kind)
    ? link(formatRoute({ view: 'reach', snapshot, target: id }), id)
    : link(formatRoute({ view: 'blast', snapshot, source: id }), id);
}

function queryCard(snapshot: string, q: PrebuiltQueryAnswer): HTMLElement {
  return h(
    'details',
    { class: 'query', 'data-testid': `query-${q.id}` },
    h(
      'summary',
      {},
      h('span', { class: 'query-count' }, `${q.count.toLocaleString()}${q.truncated ? '+' : ''}`),
      ` ${q.title}`,
    ),
    h('p', { class: 'muted' }, q.description),
    q.items.length
      ? h(
          'ul',
          {},
          q.items.map((i) =>
            h(
              'li',
              {},
              itemLink(snapshot, i.id),
              i.cost !== undefined ? ` — cost ${i.cost}` : '',
              i.detail ? h('span', { class: 'muted' }, ` (${i.detail})`) : null,
            ),
          ),
          q.count > q.items.length ? h('li', { class: 'muted' }, `… ${q.count - q.items.length} more`) : null,
        )
      : h('p', { class: 'muted' }, 'None in this snapshot.'),
    q.open
      ? link(
          formatRoute(
            q.open.view === 'reach'
              ? { view: 'reach', snapshot, target: q.open.target }
              : { view: 'blast', snapshot, source: q.open.source },
          ),
          'The whole answer',
        )
      : null,
  );
}

export function prebuiltQueriesSection(snapshot: string): HTMLElement {
  const list = h('div', { class: 'queries' }, h('p', { class: 'muted' }, 'Asking…'));
  api.queries(snapshot).then(
    (answer) => list.replaceChildren(...answer.queries.map((q) => queryCard(snapshot, q))),
    (error: Error) => list.replaceChildren(h('p', { class: 'muted' }, `Cannot ask: ${error.message}`)),
  );
  return h('section', { 'data-testid': 'prebuilt-queries' }, h('h2', {}, 'Pre-built queries'), list);
}
