/**
 * The start page of a snapshot: its crown jewels, the findings by severity, and the top choke
 * points ("fix these first") — each one click from the paths behind it.
 */
import { api } from '../api/client.js';
import type { Finding } from '../api/types.js';
import { h, link } from '../dom.js';
import { formatRoute, type Route } from '../router.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

const pathsRoute = (snapshot: string, from: string, to: string): Route => ({
  view: 'paths',
  snapshot,
  from,
  to,
  k: 3,
  without: [],
  cut: [],
  hide: [],
  namespaces: [],
});

export async function overviewView(snapshot: string): Promise<HTMLElement> {
  const [info, findings, choke] = await Promise.all([
    api.snapshot(snapshot),
    api.findings(snapshot),
    api.chokePoints(snapshot, 10),
  ]);
  const bySeverity = (s: Finding['severity']) => findings.findings.filter((f) => f.severity === s).length;
  return h(
    'section',
    { class: 'overview', 'data-testid': 'overview' },
    h('h1', {}, `Cluster ${info.clusterInfo?.name ?? info.cluster}`),
    h(
      'p',
      { class: 'muted' },
      `${info.objects.toLocaleString()} objects; ${findings.entryPoints.toLocaleString()} entry points checked against ${findings.jewels.length} crown jewels.`,
    ),
    h(
      'div',
      { class: 'severity-cards', 'data-testid': 'severity-counts' },
      SEVERITIES.map((s) =>
        h('div', { class: `card sev-${s}` }, h('div', { class: 'count' }, bySeverity(s)), h('div', {}, s)),
      ),
    ),
    findings.truncated
      ? h('p', { class: 'notice notice-warning' }, 'Findings were cut short by the time budget.')
      : null,
    h('h2', {}, 'Crown jewels'),
    h(
      'ul',
      { class: 'jewels', 'data-testid': 'jewels' },
      findings.jewels.map((j) =>
        h(
          'li',
          {},
          link(formatRoute({ view: 'reach', snapshot, target: j }), j),
          ' — ',
          `${findings.findings.filter((f) => f.jewel === j).length} findings`,
        ),
      ),
    ),
    h('h2', {}, 'Top choke points'),
    h(
      'p',
      { class: 'muted' },
      'The objects on the most entry-point → crown-jewel paths: change these first.',
    ),
    choke.chokePoints.length === 0
      ? h('p', {}, 'No object lies on a path to a crown jewel.')
      : h(
          'table',
          { class: 'table', 'data-testid': 'choke-points' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'object'),
              h('th', {}, 'paths'),
              h('th', {}, 'jewels'),
              h('th', {}, 'edges'),
              h('th', {}, ''),
            ),
          ),
          h(
            'tbody',
            {},
            choke.chokePoints.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, h('code', {}, c.object)),
                h('td', { class: 'num' }, c.paths),
                h('td', {}, c.jewels.join(', ')),
                h('td', {}, c.edgeKinds.join(', ')),
                h(
                  'td',
                  {},
                  link(
                    formatRoute(pathsRoute(snapshot, c.example.entry, c.example.jewel)),
                    `paths from ${c.example.entry}`,
                  ),
                ),
              ),
            ),
          ),
        ),
    h('h2', {}, 'Findings'),
    h(
      'table',
      { class: 'table', 'data-testid': 'findings' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'severity'),
          h('th', {}, 'cost'),
          h('th', {}, 'jewel'),
          h('th', {}, 'cause'),
          h('th', {}, 'entry points'),
        ),
      ),
      h(
        'tbody',
        {},
        findings.findings
          .slice(0, 50)
          .map((f) =>
            h(
              'tr',
              {},
              h('td', {}, h('span', { class: `badge sev-${f.severity}` }, f.severity)),
              h('td', { class: 'num' }, f.cost),
              h('td', {}, f.jewel),
              h('td', {}, h('code', {}, f.cause)),
              h(
                'td',
                {},
                link(formatRoute(pathsRoute(snapshot, f.entries[0]!.id, f.jewel)), f.entries[0]!.id),
                f.entries.length > 1 ? ` +${f.entries.length - 1}` : '',
              ),
            ),
          ),
      ),
    ),
    findings.findings.length > 50
      ? h('p', { class: 'muted' }, `… and ${findings.findings.length - 50} more (see the CLI or the API).`)
      : null,
  );
}
