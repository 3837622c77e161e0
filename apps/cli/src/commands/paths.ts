/** `kubepath paths --from ID --to ID <input...>`: the k cheapest loop-free paths (Yen), with evidence. */
import { Command } from 'commander';
import { explainPaths, paths, type ExploitMode } from '@kubepath/analyzer';
import { loadGraph } from '../graph-loader.js';
import { EXIT, ExitError, type CliIo } from '../io.js';
import { renderPath } from '../path-format.js';
import { positiveNumber, withExploitMode } from '../search-limits.js';

export function pathsCommand(io: CliIo): Command {
  return withExploitMode(new Command('paths'))
    .description('the k cheapest loop-free paths between two vertices, with the evidence for every step')
    .requiredOption('--from <id>', 'where the attacker starts, e.g. sa:ci/runner')
    .requiredOption('--to <id>', 'where it ends, e.g. target:cluster-admin')
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('-k <n>', 'how many paths', positiveNumber, 3)
    .option('--max-hops <n>', 'longest path, in edges', positiveNumber, 30)
    .option('--budget-ms <ms>', 'time budget', positiveNumber, 10_000)
    .option('--json', 'print JSON: {"from", "to", "paths": [{"cost", "path": [{"from", "kind", "to"}]}]}')
    .option('--evidence', 'with --json: add evidence to every step')
    .action(
      async (
        inputs: string[],
        opts: {
          exploits: ExploitMode;
          kev?: string;
          node?: string;
          from: string;
          to: string;
          k: number;
          maxHops: number;
          budgetMs: number;
          json?: boolean;
          evidence?: boolean;
        },
      ) => {
        const { index } = await loadGraph(inputs, io, {
          exploits: opts.exploits,
          kev: opts.kev,
          node: opts.node,
        });
        const result = paths(index, opts.from, opts.to, {
          k: opts.k,
          maxHops: opts.maxHops,
          budgetMs: opts.budgetMs,
        });
        if (!result) {
          io.stderr(
            `kubepath: ${index.numberOf(opts.from) === undefined ? opts.from : opts.to} is not a vertex of the graph\n`,
          );
          throw new ExitError(EXIT.usage);
        }
        if (opts.json) {
          const out = opts.evidence ? { ...result, paths: explainPaths(index, result.paths) } : result;
          io.stdout(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        if (result.paths.length === 0) {
          io.stdout(`no path from ${opts.from} to ${opts.to}\n`);
          return;
        }
        result.paths.forEach((p, i) =>
          io.stdout(
            `${i > 0 ? '\n' : ''}path ${i + 1}, cost ${p.cost}, ${p.path.length} steps:\n${renderPath(index, p.path)}`,
          ),
        );
        if (result.truncated) io.stdout('\n(the time budget ran out: there may be more paths)\n');
      },
    );
}
