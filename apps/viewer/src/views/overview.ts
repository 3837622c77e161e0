/**
 * The start page of a snapshot: what is known compromised first (an attacker is already
 * there), then its crown jewels, the findings by severity, the fixes that close the most
 * ("fix these first"), each one click from the paths behind it, and Tier Zero.
 */
import { prebuiltQueriesSection } from './prebuilt-queries.js';
import { api } from '../api/client.js';
import type { CompromisedAnswer, Coverage, CoverageGap, FindingsAnswer } from '../api/types.js';
import { h, link, notice, table } from '../dom.js';
import { formatRoute, type Route } from '../router.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
/** Findings listed on the page; the counts cover all of them. */
const SHOWN = 50;

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
  const [info, findings, choke, compromised] = await Promise.all([
    api.snapshot(snapshot),
    api.findings(snapshot, SHOWN),
    api.chokePoints(snapshot, 10),
    api.compromised(snapshot),
  ]);
  return h(
    'section',
    { class: 'overview', 'data-testid': 'overview' },
    h('h1', {}, `Cluster ${info.clusterInfo?.name ?? info.cluster}`),
    h(
      'p',
      { class: 'muted' },
      `${info.objects.toLocaleString()} objects; ${findings.entryPoints.toLocaleString()} entry points checked against ${findings.jewels.length} crown jewels.`,
    ),
    compromisedSection(snapshot, compromised),
    h(
      'div',
      { class: 'severity-cards', 'data-testid': 'severity-counts' },
      SEVERITIES.map((s) =>
        h(
          'div',
          { class: `card sev-${s}` },
          h('div', { class: 'count' }, findings.bySeverity[s]),
          h('div', {}, s),
        ),
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
          `${findings.byJewel[j] ?? 0} findings`,
        ),
      ),
    ),
    prebuiltQueriesSection(snapshot),
    h('h2', {}, 'Fix these first'),
    h(
      'p',
      { class: 'muted' },
      'The changes that close the most entry-point → crown-jewel pairs (left with no path at all), then add the most cost to the rest. Nodes and namespaces are never offered.',
    ),
    choke.chokePoints.length === 0
      ? h('p', {}, 'No object lies on a path to a crown jewel.')
      : table(
          'choke-points',
          ['change', '#closes', '#cost added', '#paths', 'fix', '', 'pair by pair'],
          choke.chokePoints.map((c) => [
            h('code', {}, c.object),
            c.closes,
            c.addedCost,
            c.paths,
            c.fix,
            link(
              formatRoute(pathsRoute(snapshot, c.example.entry, c.example.jewel)),
              `paths from ${c.example.entry}`,
            ),
            fixImpact(snapshot, c.id),
          ]),
        ),
    h('h2', {}, 'Findings'),
    findings.total === 0
      ? h('p', { 'data-testid': 'findings' }, 'No finding: no entry point reaches a crown jewel.')
      : table(
          'findings',
          ['severity', '#cost', 'jewels', 'cause', 'entry points'],
          findings.findings.map((f) => [
            h(
              'span',
              { class: `badge sev-${f.severity}`, title: f.severityReason },
              f.assumesExploit ? `${f.severity} (assumes an exploit)` : f.severity,
            ),
            f.cost,
            f.jewels.map((j) => j.id).join(', '),
            h('code', { title: f.remediation }, f.cause),
            h(
              'span',
              {},
              link(formatRoute(pathsRoute(snapshot, f.entries[0]!.id, f.jewel)), f.entries[0]!.id),
              (f.entriesTotal ?? f.entries.length) > 1 ? ` +${(f.entriesTotal ?? f.entries.length) - 1}` : '',
            ),
          ]),
        ),
    findings.total > findings.findings.length
      ? h(
          'p',
          { class: 'muted' },
          `… and ${findings.total - findings.findings.length} more (see `,
          h('code', {}, 'kubepath analyze'),
          ' or the API).',
        )
      : null,
    tierZeroSection(findings.tierZero),
    coverageSection(info.coverage, info.gaps),
  );
}

/**
 * Known compromised: the pods, containers and nodes Falco alerted on or a user marked as
 * owned, each with the crown jewels it already reaches (cheapest first), one click from the
 * path. With none, a line says how to add them.
 */
function compromisedSection(snapshot: string, c: CompromisedAnswer): HTMLElement {
  const upload = h('input', {
    type: 'file',
    'data-testid': 'falco-upload',
    accept: '.json,.jsonl,.ndjson,.txt',
  });
  const status = h('span', { class: 'muted', 'data-testid': 'falco-upload-status' });
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) return;
    status.textContent = 'Reading the alerts…';
    try {
      const r = await api.uploadAlerts(snapshot, file);
      status.textContent = `${r.added} alert(s) added${r.skippedTotal ? `, ${r.skippedTotal} line(s) skipped (${r.skipped[0]})` : ''}; reloading…`;
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      status.textContent =
        (error as { status?: number }).status === 403
          ? 'adding alerts needs an admin token'
          : (error as Error).message;
    }
  });
  const adder = h(
    'p',
    { class: 'muted' },
    'Add Falco alerts (JSON output, one alert a line): ',
    upload,
    ' ',
    status,
  );
  if (c.compromised.length === 0 && c.unmatched.length === 0)
    return h(
      'section',
      { 'data-testid': 'compromised' },
      h(
        'p',
        { class: 'muted' },
        'Known compromised: none. Mark a vertex as owned in the graph, or add Falco alerts.',
      ),
      adder,
    );
  return h(
    'section',
    { class: 'compromised', 'data-testid': 'compromised' },
    h('h2', {}, `Known compromised (${c.compromised.length})`),
    h('p', { class: 'muted' }, 'An attacker is already here: what each reaches, cheapest path first.'),
    h(
      'ul',
      {},
      c.compromised.map((v) =>
        h(
          'li',
          { 'data-testid': 'compromised-vertex' },
          link(formatRoute({ view: 'blast', snapshot, source: v.id }), v.id),
          ` — ${v.alertCount} ${v.alertCount === 1 ? 'alert' : 'alerts'}: ${[...new Set(v.alerts.map((a) => a.rule))].join(', ')}`,
          v.jewels.length
            ? h(
                'ul',
                {},
                v.jewels.map((j) =>
                  h(
                    'li',
                    {},
                    'reaches ',
                    link(formatRoute(pathsRoute(snapshot, v.id, j.id)), j.id),
                    ` at cost ${j.cost}`,
                  ),
                ),
              )
            : h('div', { class: 'muted' }, `reaches no crown jewel (${v.reaches} vertices in all)`),
        ),
      ),
    ),
    c.unmatched.length
      ? h(
          'p',
          { class: 'muted', 'data-testid': 'compromised-unmatched' },
          `Not in the snapshot: ${c.unmatched
            .slice(0, 10)
            .map((u) =>
              u.line ? `line ${u.line} (${u.rule}) names ${u.names}` : `${u.names} (marked as owned)`,
            )
            .join('; ')}${c.unmatched.length > 10 ? `; … and ${c.unmatched.length - 10} more` : ''}`,
        )
      : null,
    adder,
  );
}

/** Tier Zero: what holds a crown jewel by design (never an entry point), listed apart. */
function tierZeroSection(tierZero: FindingsAnswer['tierZero']): HTMLElement {
  const shown = tierZero.filter((t) => t.kind !== 'container');
  return h(
    'section',
    { 'data-testid': 'tier-zero' },
    h('h2', {}, `Tier Zero: privileged by design (${tierZero.length} objects)`),
    h(
      'p',
      { class: 'muted' },
      'They hold a crown jewel by design (the control plane, system:masters, what you mark with kubepath.dev/tier-zero=true), so findings start outside them.',
    ),
    shown.length
      ? h(
          'ul',
          {},
          shown.slice(0, 20).map((t) => h('li', {}, h('code', {}, t.id), ` — ${t.reason}`)),
          shown.length > 20 ? h('li', {}, `… and ${shown.length - 20} more`) : null,
        )
      : h('p', {}, 'Nothing is Tier Zero in this snapshot.'),
  );
}

/** What the snapshot could not see: absent or unreadable kinds, skipped documents. */
function coverageSection(coverage: Coverage, gaps: CoverageGap[]): HTMLElement {
  const absent = coverage.resources.filter((r) => r.status === 'absent').map((r) => r.kind);
  const unknown = Object.entries(coverage.unknownKinds);
  const items = [
    absent.length
      ? h(
          'li',
          {},
          `Not in the input (kubepath cannot tell whether the cluster has any): ${absent.join(', ')}.`,
        )
      : null,
    ...gaps.map((g) =>
      h('li', { 'data-testid': 'coverage-gap' }, `${g.summary} — a path through them may be missing.`),
    ),
    unknown.length
      ? h('li', {}, `Kinds kubepath does not read: ${unknown.map(([k, n]) => `${k} ×${n}`).join(', ')}.`)
      : null,
    coverage.skippedTotal
      ? h(
          'li',
          {},
          `Skipped ${coverage.skippedTotal} document(s) or object(s):`,
          h(
            'ul',
            {},
            coverage.skipped
              .slice(0, 5)
              .map((s) => h('li', {}, h('code', {}, `${s.file} (${s.where})`), `: ${s.reason}`)),
            coverage.skippedTotal > 5 ? h('li', {}, `… and ${coverage.skippedTotal - 5} more`) : null,
          ),
        )
      : null,
  ].filter((x): x is HTMLLIElement => x !== null);
  return h(
    'section',
    { 'data-testid': 'coverage' },
    h('h2', {}, 'What kubepath could not see'),
    items.length
      ? h('ul', {}, items)
      : h('p', {}, 'Every kind kubepath reads was in the input, and nothing was skipped.'),
  );
}

/**
 * "What would this fix close?": the candidate's change made in a what-if (the API's worker),
 * listing the entry point → crown jewel pairs that close — as many as the row says — each a
 * link to its paths. A large cluster's what-if takes a while: the time so far is shown, and
 * Cancel stops waiting (the server finishes the what-if it started, and keeps nothing of it).
 */
function fixImpact(snapshot: string, fixId: string): HTMLElement {
  const cell = h('div', { class: 'fix-impact' });
  const button = h(
    'button',
    {
      type: 'button',
      'data-testid': 'fix-impact',
      onclick: async () => {
        const stop = new AbortController();
        const started = performance.now();
        const status = h('span', { class: 'muted', 'data-testid': 'fix-impact-working' }, 'Working…');
        const cancel = h('button', { type: 'button', onclick: () => stop.abort() }, 'Cancel');
        cell.replaceChildren(status, ' ', cancel);
        const tick = setInterval(
          () => (status.textContent = `Working… ${Math.round((performance.now() - started) / 1000)} s`),
          1000,
        );
        try {
          const r = await api.whatIf(snapshot, { fixes: [fixId] }, stop.signal);
          const closed = r.closed.slice(0, 20).map((c) =>
            h(
              'li',
              {},
              link(
                formatRoute({
                  view: 'paths',
                  snapshot,
                  from: c.entry,
                  to: c.jewel,
                  k: 3,
                  hide: [],
                  namespaces: [],
                  without: [],
                  cut: [],
                }),
                `${c.entry} → ${c.jewel}`,
              ),
            ),
          );
          cell.replaceChildren(
            h(
              'span',
              { 'data-testid': 'fix-impact-result' },
              r.unmatchedFixes.length
                ? 'not a change of this snapshot'
                : `closes ${r.closed.length} of ${r.before.pairs} entry → jewel pairs; findings ${r.before.findings} → ${r.after.findings}`,
            ),
            closed.length ? h('ul', { class: 'closed-pairs' }, closed) : '',
            r.closed.length > closed.length
              ? h('p', { class: 'muted' }, `and ${r.closed.length - closed.length} more`)
              : '',
          );
        } catch (error) {
          if (stop.signal.aborted) cell.replaceChildren(button);
          else cell.replaceChildren(notice('error', 'What-if failed', (error as Error).message));
        } finally {
          clearInterval(tick);
        }
      },
    },
    'What would it close?',
  );
  cell.append(button);
  return cell;
}
