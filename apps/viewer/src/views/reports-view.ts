/**
 * Scheduled reports: every cluster with a schedule or reports (`#/reports`), and one
 * cluster's page (`#/reports/<cluster>`): findings by severity over time (Chart.js), what the
 * newest report changed — new and worse findings link to their paths in the cluster's newest
 * scheduled snapshot — and every run, with each format to download.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { api, ApiError } from '../api/client.js';
import type { ReportDiffAnswer, ReportRun, TrendPoint } from '../api/types.js';
import { h, link, notice, table } from '../dom.js';
import { formatRoute } from '../router.js';
import type { View } from './view.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const COLOURS = { critical: '#b3261e', high: '#d9480f', medium: '#b08800', low: '#2f7d32' };
const FORMATS = { json: 'json', md: 'md', html: 'html', sarif: 'sarif', junit: 'junit.xml' } as const;

export async function reportsView(cluster?: string): Promise<View> {
  if (!cluster) return { element: await clusterList() };
  return clusterPage(cluster);
}

async function clusterList(): Promise<HTMLElement> {
  const { clusters } = await api.clusters();
  const reporting = clusters.filter((c) => c.schedule || c.reports > 0);
  return h(
    'section',
    { 'data-testid': 'report-clusters' },
    h('h1', {}, 'Reports'),
    reporting.length === 0
      ? h(
          'p',
          {},
          'No scheduled report yet: start ',
          h('code', {}, 'kubepath serve --schedules FILE'),
          ' (README, "Scheduled reports").',
        )
      : h(
          'ul',
          {},
          reporting.map((c) =>
            h(
              'li',
              {},
              link(`#/reports/${encodeURIComponent(c.name)}`, c.name),
              ` — ${c.reports} report(s)${c.schedule ? `, ${c.schedule.cron} (${c.schedule.timezone})` : ''}`,
            ),
          ),
        ),
  );
}

function trendChart(points: TrendPoint[]): { element: HTMLElement; chart?: () => Chart } {
  const canvas = h('canvas', { 'aria-label': 'findings by severity over time', role: 'img' });
  const element = h('div', { class: 'trend-chart', 'data-testid': 'trend-chart' }, canvas);
  if (points.length === 0) return { element: h('p', { class: 'muted' }, 'No report yet.') };
  let chart: Chart | undefined;
  return {
    element,
    chart: () =>
      (chart ??= new Chart(canvas, {
        type: 'bar',
        data: {
          labels: points.map((p) => p.generatedAt.replace('T', ' ').slice(0, 19)),
          datasets: SEVERITIES.map((s) => ({
            label: s,
            data: points.map((p) => p.bySeverity[s] ?? 0),
            backgroundColor: COLOURS[s],
          })),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        },
      })),
  };
}

/** New, worse and resolved findings of the newest report; new and worse ones open their paths. */
function changes(d: ReportDiffAnswer): HTMLElement {
  if (!d.diff)
    return h(
      'p',
      { class: 'muted', 'data-testid': 'report-changes' },
      'The first report of this cluster: nothing to compare with yet.',
    );
  const shown = d.diff.entries.filter((e) => e.change !== 'unchanged');
  return h(
    'section',
    { 'data-testid': 'report-changes' },
    h(
      'p',
      {},
      ['new', 'worse', 'better', 'resolved', 'incomparable', 'unchanged']
        .map((c) => `${d.diff!.counts[c] ?? 0} ${c}`)
        .join(', '),
    ),
    shown.length
      ? h(
          'ul',
          {},
          shown.slice(0, 50).map((e) => {
            const entry = e.finding.entries[0]?.id;
            const jewel = e.finding.jewels[0]?.id;
            const open =
              entry && jewel && e.change !== 'resolved'
                ? link(
                    formatRoute({
                      view: 'paths',
                      snapshot: d.snapshot,
                      from: entry,
                      to: jewel,
                      k: 3,
                      without: [],
                      cut: [],
                      hide: [],
                      namespaces: [],
                    }),
                    'paths',
                  )
                : null;
            return h(
              'li',
              { 'data-testid': `change-${e.change}` },
              h('b', {}, e.change),
              ` ${e.finding.severity}: ${e.key}${e.why ? ` — ${e.why}` : ''} `,
              open,
            );
          }),
        )
      : h('p', { class: 'muted' }, 'Nothing changed since the report before.'),
  );
}

async function save(run: ReportRun, format: keyof typeof FORMATS, status: HTMLElement): Promise<void> {
  try {
    const blob = await api.downloadReport(run.id, format);
    const a = h('a', {
      href: URL.createObjectURL(blob),
      download: `kubepath-${run.cluster}-${run.startedAt.replace(/[:.]/g, '-')}.${FORMATS[format]}`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } catch (error) {
    status.replaceChildren(notice('error', 'Download failed', (error as Error).message));
  }
}

async function clusterPage(cluster: string): Promise<View> {
  const [{ reports, running }, { points }] = await Promise.all([
    api.clusterReports(cluster),
    api.trend(cluster),
  ]);
  const newest = reports.find((r) => r.status === 'ok');
  const diff = newest ? await api.reportDiff(newest.id) : undefined;
  const status = h('div', { 'aria-live': 'polite' });
  const chart = trendChart(points);
  const runNow = h(
    'button',
    {
      type: 'button',
      'data-testid': 'run-now',
      onclick: async () => {
        runNow.disabled = true;
        try {
          await api.runNow(cluster);
          status.replaceChildren(notice('info', 'Run started', 'Reload in a moment to see it.'));
        } catch (error) {
          const e = error as ApiError;
          status.replaceChildren(
            notice(
              'error',
              'Not started',
              e.status === 403 ? 'Running a report needs an admin token.' : (e.detail ?? e.title),
            ),
          );
        } finally {
          runNow.disabled = false;
        }
      },
    },
    'Run now',
  );
  const element = h(
    'section',
    { class: 'reports', 'data-testid': 'reports' },
    h('h1', {}, `Reports: ${cluster}`),
    h(
      'p',
      { class: 'muted' },
      running ? 'A run is in progress.' : `${reports.length} run(s) kept.`,
      ' ',
      runNow,
    ),
    status,
    h('h2', {}, 'Findings over time'),
    chart.element,
    h('h2', {}, newest ? `What changed (${newest.startedAt})` : 'What changed'),
    diff ? changes(diff) : h('p', { class: 'muted' }, 'No successful report yet.'),
    h('h2', {}, 'Runs'),
    table(
      'report-runs',
      ['started', 'trigger', 'status', 'critical', 'high', 'medium', 'low', 'download'],
      reports.map((r) => [
        r.startedAt,
        r.trigger,
        r.status === 'ok' ? 'ok' : h('span', { title: r.reason ?? '' }, `failed: ${r.reason ?? ''}`),
        ...SEVERITIES.map((s) => r.counts?.[s] ?? ''),
        r.status === 'ok'
          ? h(
              'span',
              { class: 'downloads' },
              (Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((f) =>
                h(
                  'button',
                  { type: 'button', 'data-testid': `download-${f}`, onclick: () => void save(r, f, status) },
                  f,
                ),
              ),
            )
          : '',
      ]),
    ),
  );
  let drawn: Chart | undefined;
  return {
    element,
    mounted: async () => void (drawn = chart.chart?.()),
    dispose: () => drawn?.destroy(),
  };
}
