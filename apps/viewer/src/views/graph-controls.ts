/**
 * The controls around a graph view: the filter drop-downs, the k / depth selector, the what-if
 * chips, and the notices that say what an answer left out.
 */
import type { EdgeData, PathsAnswer, Removal } from '../api/types.js';
import { h, notice } from '../dom.js';
import type { Route } from '../router.js';
import type { WhatIfControls } from './details-panel.js';

type GraphRoute = Extract<Route, { view: 'paths' } | { view: 'graph' }>;
type PathsRoute = Extract<Route, { view: 'paths' }>;

export const removalName = (r: Removal) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** A checkbox list inside a <details> drop-down. */
export function checklist(
  title: string,
  testid: string,
  values: string[],
  isChecked: (v: string) => boolean,
  onChange: (checked: string[]) => void,
): HTMLElement {
  const boxes = values.map((v) => h('input', { type: 'checkbox', value: v, checked: isChecked(v) }));
  const fire = () => onChange(boxes.filter((b) => b.checked).map((b) => b.value));
  boxes.forEach((b) => b.addEventListener('change', fire));
  return h(
    'details',
    { class: 'checklist', 'data-testid': testid },
    h('summary', {}, title),
    h(
      'div',
      { class: 'checklist-items' },
      boxes.map((b, i) => h('label', {}, b, ` ${values[i]}`)),
    ),
  );
}

/** How many paths (path view) or how deep a neighbourhood (graph view); a change re-runs the query. */
export function sizeSelect(
  route: GraphRoute,
  change: (c: { k: number } | { depth: number }) => void,
): HTMLElement {
  const [title, values, current] =
    route.view === 'paths'
      ? (['paths', [1, 3, 5, 10], route.k] as const)
      : (['depth', [1, 2, 3, 4], route.depth] as const);
  return h(
    'label',
    {},
    `${title} `,
    h(
      'select',
      {
        'aria-label': title === 'paths' ? 'number of paths' : 'depth',
        onchange: (ev: Event) => {
          const value = Number((ev.target as HTMLSelectElement).value);
          change(route.view === 'paths' ? { k: value } : { depth: value });
        },
      },
      values.map((v) => h('option', { value: v, selected: v === current }, v)),
    ),
  );
}

/** The what-if changes in force, each a chip that takes it back, and Reset. */
export function whatIfChips(
  route: PathsRoute,
  whatIf: WhatIfControls,
  reset: () => void,
): HTMLElement | null {
  if (!route.without.length && !route.cut.length) return null;
  return h(
    'div',
    { class: 'chips', 'data-testid': 'what-if' },
    h('strong', {}, 'What if: '),
    route.without.map((r) =>
      h(
        'button',
        { type: 'button', class: 'chip', onclick: () => whatIf.toggleRemoval(r) },
        `without ${removalName(r)} ✕`,
      ),
    ),
    route.cut.map((c) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          onclick: () => whatIf.toggleCut({ source: c.from, target: c.to, kind: c.kind } as EdgeData),
        },
        `without edge ${c.kind} ✕`,
      ),
    ),
    h('button', { type: 'button', onclick: reset }, 'Reset'),
  );
}

/** What the answer could not do or show: cut short, removals that matched nothing, no path. */
export function answerNotices(
  route: GraphRoute,
  answer: PathsAnswer | null,
  truncated: boolean,
): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (truncated)
    out.push(
      notice(
        'warning',
        route.view === 'graph'
          ? `Showing the first ${route.limit} elements of a larger neighbourhood.`
          : 'The path search ran out of time.',
        route.view === 'graph'
          ? 'Lower the depth, or expand the vertices you care about one at a time.'
          : undefined,
      ),
    );
  if (answer?.unmatched.length)
    out.push(
      notice(
        'warning',
        'Not in the snapshot (nothing removed):',
        answer.unmatched.map(removalName).join(', '),
      ),
    );
  if (answer?.uncut.length)
    out.push(notice('warning', 'Edges not in the graph:', answer.uncut.map((c) => c.kind).join(', ')));
  if (answer && answer.paths.length === 0 && route.view === 'paths')
    out.push(
      notice(
        'info',
        `No path from ${route.from} to ${route.to}.`,
        route.without.length || route.cut.length
          ? `With these changes ${route.from} no longer reaches ${route.to}.`
          : 'Nothing in the graph connects them.',
      ),
    );
  return out;
}
