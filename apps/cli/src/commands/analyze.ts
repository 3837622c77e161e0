/** `kubepath analyze <input...>`: load the inputs, build the attack graph, report what was read and built. */
import { Command } from 'commander';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import { readCrownJewels } from '../crown-jewels.js';
import { count, peakRss, seconds, table } from '../format.js';
import type { CliIo } from '../io.js';
import { loadInputs } from '../load.js';
import { loadSummary, renderLoadSummary } from '../summary.js';

/** The graph part of the summary. */
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

export function analyzeCommand(io: CliIo): Command {
  return new Command('analyze')
    .description('load a cluster from files, build its attack graph and report what was read and built')
    .argument(
      '<input...>',
      'files or directories: kubectl JSON, YAML manifests, dump archives (.tar.gz), kubepath snapshots',
    )
    .option('--json', 'print machine-readable JSON')
    .option('--cluster-name <name>', 'name the cluster (default: from a dump archive, else the first input)')
    .option('--crown-jewels <file>', 'YAML config of extra crown jewels (kind: CrownJewels)')
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath analyze examples/demo-cluster\n  kubectl get pods,sa,roles,rolebindings -A -o json > c.json && kubepath analyze c.json',
    )
    .action(
      async (inputs: string[], opts: { json?: boolean; clusterName?: string; crownJewels?: string }) => {
        const crownJewels = opts.crownJewels ? readCrownJewels(opts.crownJewels) : undefined;
        const { snapshot, ms } = await loadInputs(inputs, io, opts.clusterName);
        const started = performance.now();
        const graph = buildAttackGraph(snapshot, {
          crownJewels,
          onPhase: (phase, phaseMs) => {
            if (io.isInteractive) io.stderr(`  graph: ${phase} ${seconds(phaseMs)}\n`);
          },
        });
        const summary = graphSummary(graph, performance.now() - started);
        const timing = { ms, peakRssBytes: peakRss() };
        if (opts.json) {
          io.stdout(JSON.stringify({ ...loadSummary(snapshot, timing), graph: summary }, null, 2) + '\n');
          return;
        }
        io.stdout(renderLoadSummary(snapshot, timing));
        io.stdout(
          `\nAttack graph: ${count(summary.vertices)} vertices, ${count(summary.edges)} edges, built in ${seconds(summary.buildMs)}\n\n`,
        );
        const kinds = Object.entries(summary.edgesByKind).sort((a, b) => b[1] - a[1]);
        io.stdout(
          table(
            ['EDGE KIND', 'EDGES'],
            kinds.map(([k, n]) => [k, count(n)]),
          ),
        );
        if (summary.crownJewels.length)
          io.stdout(`\nUser-defined crown jewels: ${summary.crownJewels.map((j) => j.id).join(', ')}\n`);
        for (const note of summary.notes) io.stdout(`Note: ${note}\n`);
        io.stdout(
          '\nPaths, findings and choke points come with the analyzer; `kubepath who-can` answers RBAC questions now.\n',
        );
      },
    );
}
