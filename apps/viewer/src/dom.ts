/**
 * A tiny element builder: the viewer has a handful of views, not enough to want a framework.
 * Text always goes in as text nodes, never as HTML: names in a cluster (RBAC user names,
 * annotations) are attacker-controlled.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

/** `h('button', { onclick, class: 'x' }, 'label')`; `on*` attributes become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A link to a route's hash. */
export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href }, ...children);
}

/** Saves a blob as a download. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A message box for errors and notices. */
export function notice(kind: 'error' | 'info' | 'warning', title: string, detail?: string): HTMLElement {
  return h(
    'div',
    { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('strong', {}, title),
    detail ? h('div', {}, detail) : null,
  );
}

/** A table: column titles (a leading `#` marks a numeric, right-aligned column) and rows of cells. */
export function table(testid: string, columns: string[], rows: Child[][]): HTMLTableElement {
  const numeric = columns.map((c) => c.startsWith('#'));
  return h(
    'table',
    { class: 'table', 'data-testid': testid },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', {}, c.replace(/^#/, ''))),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell, i) => h('td', numeric[i] ? { class: 'num' } : {}, cell)),
        ),
      ),
    ),
  );
}
