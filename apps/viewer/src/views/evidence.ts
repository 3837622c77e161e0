/**
 * Evidence a person can read: each item names the object and the field (the JSON pointer
 * decoded: `metadata › annotations › kubernetes.io/service-account.name`), shows the value
 * there (the lines of the object's YAML that hold it: the rule's verbs and resources, the
 * port, the volume), and opens the whole object in a drawer with that field highlighted. The
 * objects come from the snapshot, redacted as they were collected (a Secret is its metadata,
 * type and key names).
 */
import { api } from '../api/client.js';
import type { Evidence, ObjectAnswer } from '../api/types.js';
import { h } from '../dom.js';

/** `/spec/containers/0/ports/1` → `spec › containers › 0 › ports › 1` (RFC 6901 escapes decoded). */
export function readablePointer(pointer: string): string {
  if (!pointer) return '(the whole object)';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join(' › ');
}

/** The lines `from`..`to` of a text, their common indentation removed. */
export function snippet(yaml: string, lines: { from: number; to: number }): string {
  const picked = yaml.split('\n').slice(lines.from - 1, lines.to);
  const indent = Math.min(...picked.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return picked.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** `RoleBinding ci/runner`, `ClusterRole view`: how the viewer names an object everywhere. */
export const objectName = (e: { kind: string; namespace?: string | undefined; name: string }) =>
  `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`;

/** Objects asked for once per snapshot and pointer: the panel is redrawn on every click. */
const cache = new Map<string, Promise<ObjectAnswer>>();
function fetchObject(snapshot: string, e: Evidence): Promise<ObjectAnswer> {
  const key = JSON.stringify([snapshot, e.kind, e.namespace, e.name, e.path]);
  let answer = cache.get(key);
  if (!answer) {
    answer = api.object(snapshot, e, e.path);
    answer.catch(() => cache.delete(key));
    cache.set(key, answer);
  }
  return answer;
}

/** One evidence item: object, readable field, the value there, and "view object". */
export function evidenceItem(snapshot: string, e: Evidence): HTMLElement {
  if (e.kind === 'kubepath')
    return h('li', { class: 'structural' }, h('span', { class: 'muted' }, 'kubepath: '), e.note ?? e.name);
  const value = h('pre', { class: 'value', 'data-testid': 'evidence-value' }, '…');
  const view = h(
    'button',
    { type: 'button', class: 'view-object', 'data-testid': 'view-object', disabled: true },
    'View object',
  );
  const item = h(
    'li',
    {},
    h('code', {}, objectName(e)),
    h('div', { class: 'field', title: e.path }, readablePointer(e.path)),
    value,
    e.note ? h('div', { class: 'note' }, e.note) : null,
    view,
  );
  fetchObject(snapshot, e).then(
    (object) => {
      const p = object.pointer;
      if (p?.found && p.lines) value.textContent = snippet(object.yaml, p.lines);
      else if (p && !p.found) value.textContent = 'the snapshot does not keep this field';
      else value.remove();
      view.disabled = false;
      view.addEventListener('click', () => openDrawer(object));
    },
    (error: Error) => {
      value.textContent = `cannot show the object: ${error.message}`;
      value.classList.add('muted');
      view.remove();
    },
  );
  return item;
}

/** The drawer: the object as YAML, numbered lines, the evidence's field marked and scrolled to. */
export function openDrawer(object: ObjectAnswer): void {
  document.querySelector('.drawer')?.remove();
  const marked = object.pointer?.lines;
  const lines = object.yaml.replace(/\n$/, '').split('\n');
  const close = () => {
    drawer.remove();
    document.removeEventListener('keydown', onKey, true);
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === 'Escape') {
      ev.stopPropagation();
      close();
    }
  };
  const code = h(
    'pre',
    { class: 'yaml', 'data-testid': 'object-yaml' },
    lines.map((line, i) => {
      const n = i + 1;
      const hit = marked && n >= marked.from && n <= marked.to;
      return h(
        'span',
        { class: hit ? 'line hit' : 'line', 'data-line': n },
        h('span', { class: 'ln' }, String(n)),
        line,
        '\n',
      );
    }),
  );
  const drawer = h(
    'aside',
    {
      class: 'drawer',
      role: 'dialog',
      'aria-label': `${objectName(object)} as YAML`,
      'data-testid': 'object-drawer',
    },
    h(
      'header',
      {},
      h('h2', {}, objectName(object)),
      h('button', { type: 'button', 'data-testid': 'close-drawer', onclick: close }, 'Close'),
    ),
    object.pointer
      ? h('p', { class: 'muted' }, 'Field: ', h('code', {}, readablePointer(object.pointer.path)))
      : null,
    h(
      'p',
      { class: 'muted' },
      "The snapshot's copy, redacted as collected: a Secret shows its key names only.",
    ),
    code,
  );
  document.body.append(drawer);
  document.addEventListener('keydown', onKey, true);
  code.querySelector('.hit')?.scrollIntoView({ block: 'center' });
}
