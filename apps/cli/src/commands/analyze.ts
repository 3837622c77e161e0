/**
 * `kubepath analyze <input...>`: load the inputs, build the attack graph, and report the
 * findings (which entry points reach which crown jewels, grouped by cause) and the choke
 * points. `--fail-on critical|high` exits 1 when a finding is that severe (for CI).
 */
import { Command, Option } from 'commander';
import {
  findings,
  fixCandidates,
  knownCompromised,
  vulnerableExposures,
  SEVERITIES,
  type ExploitMode,
  type Severity,
} from '@kubepath/analyzer';
import type { AttackGraph } from '@kubepath/graph';
import { count, peakRss, seconds, table } from '../format.js';
import { readAlerts, renderCompromised } from '../compromised.js';
import { renderEvidence } from '../evidence-summary.js';
import { loadGraph } from '../graph-loader.js';
import { EXIT, ExitError, type CliIo } from '../io.js';
import { withExploitMode } from '../search-limits.js';
import { pathSummary } from '../path-format.js';
import { loadSummary, renderLoadSummary } from '../summary.js';

function graphSummary(graph: AttackGraph, ms: number) {
  const edgesByKind: Record<string, number> = {};
  for (const e of graph.edges) edgesByKind[e.kind] = (edgesByKind[e.kind] ?? 0) + 1;
  const crownJewels = [...graph.vertices]
    .filter(([, v]) => v.crownJewel)
    .map(([id, v]) => ({ id, reason: v.crownJewel! }));
  return {
    vertices: graph.vertices.size,
    edges: graph.edges.length,
    buildMs: Math.round(ms),
    edgesByKind,
    crownJewels,
    notes: graph.notes,
  };
}

interface Options {
  json?: boolean;
  clusterName?: string;
  crownJewels?: string;
  failOn?: Severity;
  exploits: ExploitMode;
  kev?: string;
  node?: string;
  compromised?: string;
}

export function analyzeCommand(io: CliIo): Command {
  return withExploitMode(new Command('analyze'))
    .description('load a cluster from files, build its attack graph, and report who reaches the crown jewels')
    .argument(
      '<input...>',
      'files or directories: kubectl JSON, YAML manifests, dump archives (.tar.gz), kubepath snapshots',
    )
    .option('--json', 'print machine-readable JSON')
    .option('--cluster-name <name>', 'name the cluster (default: from a dump archive, else the first input)')
    .option('--crown-jewels <file>', 'YAML config of extra crown jewels (kind: CrownJewels)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices([
        'critical',
        'high',
        'medium',
        'low',
      ]),
    )
    .option(
      '--compromised <file>',
      'Falco alerts (JSON output, one alert per line): the pods, containers and nodes they name are known compromised, and lead the report',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath analyze examples/demo-cluster\n  helm template ./chart > out.yaml && kubepath analyze out.yaml --fail-on critical',
    )
    .action(async (inputs: string[], opts: Options) => {
      // Its summary (text and JSON coverage) lists what was skipped.
      const {
        snapshot,
        graph,
        index,
        timing: t,
      } = await loadGraph(inputs, io, {
        ...opts,
        skippedInOutput: true,
      });
      // Falco's alerts first: a bad file is a usage error before any analysis runs.
      const alerts = opts.compromised ? await readAlerts(opts.compromised, io) : undefined;
      const started = performance.now();
      const result = findings(index);
      const compromised = alerts ? knownCompromised(index, alerts) : undefined;
      const points = fixCandidates(index, result.searches, { limit: 10 });
      const exposed =
        opts.exploits === 'none' ? { exposures: [], truncated: false } : vulnerableExposures(index);
      const analyzeMs = performance.now() - started;
      const counts = Object.fromEntries(
        SEVERITIES.map((s) => [s, result.findings.filter((f) => f.severity === s).length]),
      );
      const timing = { ms: t.loadMs, peakRssBytes: peakRss() };
      if (opts.json) {
        const { searches: _searches, ...plain } = result;
        io.stdout(
          JSON.stringify(
            {
              ...loadSummary(snapshot, timing),
              graph: graphSummary(graph, t.buildMs),
              // null: no vulnerability data was given (every exploit step is an assumption).
              evidence: graph.evidence ?? null,
              exploits: opts.exploits,
              findings: { counts, ...plain },
              chokePoints: points,
              vulnerableExposures: exposed.exposures,
              ...(compromised ? { knownCompromised: compromised } : {}),
              timing: {
                loadMs: Math.round(t.loadMs),
                graphMs: Math.round(t.buildMs),
                indexMs: Math.round(t.indexMs),
                analyzeMs: Math.round(analyzeMs),
                peakRssBytes: peakRss(),
              },
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        io.stdout(renderLoadSummary(snapshot, timing));
        io.stdout(
          `\nAttack graph: ${count(graph.vertices.size)} vertices, ${count(graph.edges.length)} edges, built in ${seconds(t.buildMs)}; analysed in ${seconds(analyzeMs)}\n`,
        );
        for (const note of graph.notes) io.stdout(`Note: ${note}\n`);
        io.stdout(renderEvidence(graph.evidence));
        if (compromised) io.stdout(renderCompromised(compromised, opts.compromised!));
        io.stdout(
          `\nFindings: ${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')} — ${count(result.entryPoints)} entry points checked against ${result.jewels.join(', ')}; exploits: ${opts.exploits}${opts.exploits === 'assumed' ? ' (a path marked * assumes an exploit of a running service)' : ''}${graph.evidence?.knownExploitable && opts.exploits !== 'none' ? '; ! marks an exploit a vulnerability report shows' : ''}\n\n`,
        );
        io.stdout(
          table(
            ['SEVERITY', 'COST', 'JEWELS', 'CAUSE', 'ENTRY POINTS', 'PATH'],
            result.findings
              .slice(0, 50)
              .map((f) => [
                f.assumesExploit ? `${f.severity}*` : f.severity,
                String(f.cost),
                f.jewels.map((j) => j.id.replace(/^target:/, '')).join(', '),
                f.cause,
                `${f.entries[0]!.id}${f.entries.length > 1 ? ` +${f.entries.length - 1}` : ''}`,
                pathSummary(f.path),
              ]),
          ),
        );
        if (result.findings.length > 50)
          io.stdout(`… and ${result.findings.length - 50} more (use --json)\n`);
        if (result.tierZero.length) {
          // Privileged by design: not findings, but a team should know what they are.
          const shown = result.tierZero.filter(
            (t) => t.kind === 'node' || t.kind === 'pod' || t.kind === 'group',
          );
          io.stdout(
            `\nTier Zero (privileged by design, not entry points): ${count(result.tierZero.length)} objects — ${shown
              .slice(0, 8)
              .map((t) => t.id)
              .join(', ')}${shown.length > 8 ? ', …' : ''}\n`,
          );
        }
        if (exposed.exposures.length) {
          io.stdout('\nVulnerable images within reach (a known exploit; the internet-facing first):\n');
          for (const x of exposed.exposures.slice(0, 10))
            io.stdout(
              `  ${x.workload ?? x.container}: ${x.exploit.replace(/; fixed in .*$/, '')} — reachable from ${x.fromInternet ? 'the internet and ' : ''}${count(x.fromContainers)} container(s); ${x.remediation}\n`,
            );
          if (exposed.exposures.length > 10)
            io.stdout(`  … and ${exposed.exposures.length - 10} more (use --json)\n`);
        }
        if (points.length) {
          io.stdout('\nFix these first (what each closes: entry → crown jewel pairs left with no path):\n');
          points
            .slice(0, 5)
            .forEach((p, i) =>
              io.stdout(
                `  ${i + 1}. ${p.object} — closes ${count(p.closes)} pair(s)${p.addedCost ? `, adds ${count(p.addedCost)} to the cost of the rest` : ''}: ${p.fix}\n`,
              ),
            );
        }
        io.stdout(
          '\nDetails: kubepath paths --from <entry> --to <jewel>, kubepath who-can-reach <jewel>, kubepath choke-points\n',
        );
      }
      if (opts.failOn) {
        const threshold = SEVERITIES.indexOf(opts.failOn);
        if (result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold))
          throw new ExitError(EXIT.findings);
      }
    });
}
