/**
 * The pathfinding picker, as BloodHound has it: "Set as start" and "Set as end" on any vertex;
 * a bar under the header shows both ends and finds the paths between them. The ends are kept
 * per snapshot for the tab's session, so they survive moving between views.
 */
import { h } from '../dom.js';
import type { Route } from '../router.js';

export interface PathEnds {
  from?: string;
  to?: string;
}

const key = (snapshot: string) => `kubepath.pathEnds.${snapshot}`;
/** Fired on window when the ends change, so that the bar redraws. */
const CHANGED = 'kubepath:path-ends';

export function pathEnds(snapshot: string): PathEnds {
  try {
    const ends = JSON.parse(sessionStorage.getItem(key(snapshot)) ?? '{}') as PathEnds;
    return {
      ...(typeof ends.from === 'string' ? { from: ends.from } : {}),
      ...(typeof ends.to === 'string' ? { to: ends.to } : {}),
    };
  } catch {
    return {};
  }
}

export function setPathEnd(snapshot: string, end: 'from' | 'to', vertex: string | undefined): void {
  const ends = { ...pathEnds(snapshot) };
  if (vertex) ends[end] = vertex;
  else delete ends[end];
  sessionStorage.setItem(key(snapshot), JSON.stringify(ends));
  window.dispatchEvent(new Event(CHANGED));
}

/** "Set as start" / "Set as end" for a vertex panel. */
export function pathEndButtons(snapshot: string, vertex: string): HTMLElement {
  const button = (end: 'from' | 'to', text: string) =>
    h(
      'button',
      { type: 'button', 'data-testid': `set-${end}`, onclick: () => setPathEnd(snapshot, end, vertex) },
      text,
    );
  return h('span', { class: 'path-ends' }, button('from', 'Set as start'), button('to', 'Set as end'));
}

let barListener: AbortController | undefined;

/** The bar: start → end, each clearable, and "Find paths" once both are set. */
export function pathPickerBar(snapshot: string, navigate: (r: Route) => void): HTMLElement {
  const bar = h('div', { class: 'path-picker', 'data-testid': 'path-picker', hidden: true });
  const render = () => {
    const ends = pathEnds(snapshot);
    bar.hidden = !ends.from && !ends.to;
    const end = (which: 'from' | 'to', label: string) =>
      ends[which]
        ? h(
            'span',
            { class: 'end' },
            `${label} `,
            h('code', { 'data-testid': `picked-${which}` }, ends[which]),
            h(
              'button',
              {
                type: 'button',
                class: 'clear',
                'aria-label': `clear the ${label}`,
                onclick: () => setPathEnd(snapshot, which, undefined),
              },
              '✕',
            ),
          )
        : h('span', { class: 'end muted' }, `${label}: choose a vertex, then "Set as ${label}"`);
    bar.replaceChildren(
      h('strong', {}, 'Pathfinding'),
      end('from', 'start'),
      ' → ',
      end('to', 'end'),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'find-paths',
          disabled: !(ends.from && ends.to),
          onclick: () =>
            ends.from &&
            ends.to &&
            navigate({
              view: 'paths',
              snapshot,
              from: ends.from,
              to: ends.to,
              k: 3,
              hide: [],
              namespaces: [],
              without: [],
              cut: [],
            }),
        },
        'Find paths',
      ),
    );
  };
  render();
  // The header (and this bar with it) is redrawn on every navigation: one listener at a time.
  barListener?.abort();
  barListener = new AbortController();
  window.addEventListener(CHANGED, render, { signal: barListener.signal });
  return bar;
}
