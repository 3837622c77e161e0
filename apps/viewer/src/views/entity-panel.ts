/**
 * The entity half of the vertex panel: what the vertex is (its object's security-relevant
 * fields, "View object"), the crown jewels it reaches (each a link to the paths), the rules its
 * bindings grant (effective permissions), and its neighbours counted by edge kind in each
 * direction — an identity's groups and bindings, the pods running as it, who can become it —
 * each a list that opens on click.
 */
import { api } from '../api/client.js';
import type { EntityAnswer } from '../api/types.js';
import { h, link } from '../dom.js';
import { formatRoute } from '../router.js';
import { objectName, openDrawer } from './evidence.js';

/** A rule in one line: `get, list secrets (names: a, b)`, `get /healthz`. */
export function ruleText(rule: EntityAnswer['grants'][number]['rules'][number]): string {
  const verbs = (rule.verbs ?? []).join(', ');
  if (rule.nonResourceURLs?.length) return `${verbs} ${rule.nonResourceURLs.join(', ')}`;
  const groups = (rule.apiGroups ?? []).filter((g) => g !== '');
  const resources = (rule.resources ?? []).join(', ');
  const names = rule.resourceNames?.length ? ` (names: ${rule.resourceNames.join(', ')})` : '';
  return `${verbs} ${resources}${groups.length ? ` in ${groups.join(', ')}` : ''}${names}`;
}

const SECTION_WORDS: Record<string, [string, string]> = {
  // [out, in]: what the edges mean read from this vertex.
  MEMBER_OF: ['member of', 'members'],
  PERMISSION_DISCOVER: ['bindings', 'bound identities'],
  IDENTITY_ASSUME: ['runs as', 'running as it'],
};

function sectionTitle(s: EntityAnswer['sections'][number]): string {
  const words = SECTION_WORDS[s.kind]?.[s.direction === 'out' ? 0 : 1];
  const arrow = s.direction === 'out' ? '→' : '←';
  return `${words ? `${words} ` : ''}${arrow} ${s.kind} (${s.count.toLocaleString()})`;
}

export function entityPanel(snapshot: string, vertex: string): HTMLElement {
  const box = h(
    'div',
    { class: 'entity', 'data-testid': 'entity' },
    h('p', { class: 'muted' }, 'Loading what it is…'),
  );
  api.entity(snapshot, vertex).then(
    (e) => box.replaceChildren(...render(snapshot, e).filter((x): x is HTMLElement => x !== null)),
    (error: Error) => box.replaceChildren(h('p', { class: 'muted' }, `Cannot explore it: ${error.message}`)),
  );
  return box;
}

function render(snapshot: string, e: EntityAnswer): (HTMLElement | null)[] {
  const object = e.object;
  const vertexLink = (id: string, text: string) =>
    link(
      formatRoute({ view: 'graph', snapshot, vertex: id, depth: 1, limit: 500, hide: [], namespaces: [] }),
      text,
    );
  return [
    e.properties.length
      ? h(
          'dl',
          { 'data-testid': 'entity-properties' },
          e.properties.flatMap((p) => [h('dt', {}, p.name), h('dd', {}, p.value)]),
        )
      : null,
    object
      ? h(
          'button',
          {
            type: 'button',
            'data-testid': 'entity-object',
            onclick: () => void api.object(snapshot, object).then(openDrawer),
          },
          `View ${objectName(object)}`,
        )
      : null,
    h('h3', {}, `Crown jewels it reaches (${e.jewels.length}${e.jewelsTruncated ? '+' : ''})`),
    e.jewels.length
      ? h(
          'ul',
          { 'data-testid': 'entity-jewels' },
          e.jewels.map((j) =>
            h(
              'li',
              {},
              link(
                formatRoute({
                  view: 'paths',
                  snapshot,
                  from: e.id,
                  to: j.id,
                  k: 3,
                  hide: [],
                  namespaces: [],
                  without: [],
                  cut: [],
                }),
                j.id,
              ),
              ` — cost ${j.cost}${j.assumesExploit ? ', assumes an exploit' : ''}`,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'None.'),
    e.grants.length
      ? h(
          'section',
          { 'data-testid': 'entity-grants' },
          h('h3', {}, 'Permissions (from its bindings)'),
          e.grants.map((g) =>
            h(
              'div',
              { class: 'grant' },
              h('div', {}, vertexLink(g.binding, g.binding), ` grants ${g.role}:`),
              h(
                'ul',
                {},
                g.rules.length
                  ? g.rules.map((r) => h('li', {}, h('code', {}, ruleText(r))))
                  : h('li', { class: 'muted' }, 'no rules (the role is empty or missing)'),
              ),
            ),
          ),
        )
      : null,
    h(
      'section',
      { 'data-testid': 'entity-sections' },
      h('h3', {}, 'Connections'),
      e.sections.map((s) =>
        h(
          'details',
          { class: 'entity-section', 'data-kind': s.kind, 'data-direction': s.direction },
          h('summary', {}, sectionTitle(s)),
          h(
            'ul',
            {},
            s.vertices.map((v) =>
              h('li', {}, vertexLink(v.id, v.label), h('span', { class: 'muted' }, ` ${v.id}`)),
            ),
            s.count > s.vertices.length
              ? h('li', { class: 'muted' }, `… and ${(s.count - s.vertices.length).toLocaleString()} more`)
              : null,
          ),
        ),
      ),
    ),
  ];
}
