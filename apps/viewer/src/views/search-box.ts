/**
 * Search any vertex by id or name, with completion (an ARIA combobox): arrows move, Enter
 * opens, Escape closes. Choosing a vertex opens who-can-reach for crown jewels and secrets,
 * blast radius for everything else; both are one click apart from there.
 */
import { api } from '../api/client.js';
import type { VertexMatch } from '../api/types.js';
import { h } from '../dom.js';

export function searchBox(snapshot: string, onChoose: (match: VertexMatch) => void): HTMLElement {
  const input = h('input', {
    type: 'search',
    placeholder: 'Search a service account, pod, node, secret, user…  ( / )',
    'aria-label': 'Search vertices',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-controls': 'search-results',
    'aria-autocomplete': 'list',
    autocomplete: 'off',
    'data-testid': 'search',
  });
  const listbox = h('ul', { id: 'search-results', role: 'listbox', class: 'search-results', hidden: true });
  let matches: VertexMatch[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  };
  const choose = (m: VertexMatch) => {
    close();
    input.value = '';
    onChoose(m);
  };
  const render = () => {
    listbox.replaceChildren(
      ...matches.map((m, i) =>
        h(
          'li',
          {
            role: 'option',
            id: `search-option-${i}`,
            'aria-selected': i === active ? 'true' : 'false',
            class: i === active ? 'active' : '',
            onmousedown: (ev: Event) => {
              ev.preventDefault();
              choose(m);
            },
          },
          h('span', { class: `kind kind-${m.kind}` }, m.kind),
          h('span', { class: 'match-label' }, m.label),
          h('span', { class: 'match-id' }, m.id),
        ),
      ),
    );
    if (matches.length === 0 && input.value.trim())
      listbox.append(
        h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true' }, 'no vertex matches'),
      );
    listbox.hidden = input.value.trim() === '';
    input.setAttribute('aria-expanded', String(!listbox.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      try {
        matches = (await api.search(snapshot, q, pending.signal)).matches;
        active = matches.length ? 0 : -1;
        render();
      } catch (error) {
        if ((error as Error).name !== 'AbortError') {
          matches = [];
          render();
        }
      }
    }, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!matches.length) return;
      active = (active + (ev.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (ev.key === 'Enter' && active >= 0 && matches[active]) {
      ev.preventDefault();
      choose(matches[active]!);
    } else if (ev.key === 'Escape') {
      close();
      input.blur();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  return h('div', { class: 'search' }, input, listbox);
}
