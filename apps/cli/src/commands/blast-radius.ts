/** `kubepath blast-radius ID <input...>`: everything a compromised vertex reaches, cheapest path each. */
import { Command } from 'commander';
import { blastRadius, explainPaths, type ExploitMode } from '@kubepath/analyzer';
import { count, table } from '../format.js';
import { loadGraph } from '../graph-loader.js';
import { EXIT, ExitError, type CliIo } from '../io.js';
import { pathSummary, renderPath } from '../path-format.js';
import {
  actorFilter,
  warnPartial,
  withActorFilter,
  withSearchLimits,
  withExploitMode,
} from '../search-limits.js';
import type { VertexKind } from '@kubepath/model';

export function blastRadiusCommand(io: CliIo): Command {
  return withExploitMode(withActorFilter(withSearchLimits(new Command('blast-radius'), 'actors')))
    .description(
      'everything a compromised pod, container or identity reaches, with the cheapest path to each',
    )
    .argument('<id>', 'a vertex id, e.g. container:shop/Deployment.storefront/web or sa:ci/runner')
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--json', 'print JSON: {"source", "reached": [{"id", "cost", "path": [{"from", "kind", "to"}]}]}')
    .option(
      '--evidence',
      'with --json: add evidence to every step; in text: show the paths to crown jewels step by step',
    )
    .action(
      async (
        id: string,
        inputs: string[],
        opts: {
          json?: boolean;
          evidence?: boolean;
          maxResults: number;
          budgetMs: number;
          kind?: VertexKind[];
          namespace?: string;
          maxCost?: number;
          exploits: ExploitMode;
          kev?: string;
          node?: string;
        },
      ) => {
        const { index } = await loadGraph(inputs, io, {
          exploits: opts.exploits,
          kev: opts.kev,
          node: opts.node,
        });
        const result = blastRadius(index, id, {
          maxResults: opts.maxResults,
          budgetMs: opts.budgetMs,
          ...actorFilter(opts),
        });
        if (!result) {
          io.stderr(`kubepath: no vertex "${id}" in the graph\n`);
          throw new ExitError(EXIT.usage);
        }
        warnPartial(io, result.truncated);
        if (opts.json) {
          const out = opts.evidence ? { ...result, reached: explainPaths(index, result.reached) } : result;
          io.stdout(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        const jewels = result.reached.filter(
          (r) => r.id.startsWith('target:') || index.attributes[index.numberOf(r.id)!]!.crownJewel,
        );
        io.stdout(
          `${id} reaches ${count(result.reached.length)} actors; crown jewels: ${jewels.length ? jewels.map((j) => `${j.id} (cost ${j.cost})`).join(', ') : 'none'}\n\n`,
        );
        const shown = result.reached;
        io.stdout(
          table(
            ['REACHES', 'COST', 'PATH'],
            shown.slice(0, 200).map((r) => [r.id, String(r.cost), pathSummary(r.path)]),
          ),
        );
        if (shown.length > 200) io.stdout(`… and ${count(shown.length - 200)} more (use --json for all)\n`);
        if (shown.some((s) => s.assumesExploit))
          io.stdout('* assumes an exploit of a running service (--exploits none leaves these steps out)\n');
        if (opts.evidence)
          for (const j of jewels) io.stdout(`\nto ${j.id} (cost ${j.cost}):\n${renderPath(index, j.path)}`);
      },
    );
}
