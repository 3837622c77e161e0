/** `kubepath choke-points <input...>`: the objects on the most entry-point → crown-jewel paths. */
import { Command } from 'commander';
import { findings, fixCandidates, type ExploitMode } from '@kubepath/analyzer';
import { count, table } from '../format.js';
import { loadGraph } from '../graph-loader.js';
import type { CliIo } from '../io.js';
import { positiveNumber, withExploitMode } from '../search-limits.js';

export function chokePointsCommand(io: CliIo): Command {
  return withExploitMode(new Command('choke-points'))
    .description(
      'the bindings, roles and pod-spec fields that lie on the most paths to crown jewels: fix these first',
    )
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--top <n>', 'how many to list', positiveNumber, 10)
    .option('--json', 'print JSON')
    .option('--crown-jewels <file>', 'YAML config of extra crown jewels (kind: CrownJewels)')
    .action(
      async (
        inputs: string[],
        opts: {
          top: number;
          json?: boolean;
          crownJewels?: string;
          exploits: ExploitMode;
          kev?: string;
          node?: string;
        },
      ) => {
        const { index } = await loadGraph(inputs, io, {
          crownJewels: opts.crownJewels,
          exploits: opts.exploits,
          kev: opts.kev,
          node: opts.node,
        });
        const f = findings(index);
        const points = fixCandidates(index, f.searches, { limit: opts.top });
        if (opts.json) {
          io.stdout(JSON.stringify({ chokePoints: points }, null, 2) + '\n');
          return;
        }
        io.stdout(
          `The changes that close the most of the paths from ${count(f.entryPoints)} entry points to ${f.jewels.join(', ')} (pairs with no path left, then cost added to the rest):\n\n`,
        );
        io.stdout(
          table(
            ['#', 'OBJECT', 'CLOSES', 'COST ADDED', 'ON PATHS', 'FIX'],
            points.map((p, i) => [
              String(i + 1),
              p.object,
              count(p.closes),
              count(p.addedCost),
              count(p.paths),
              p.fix,
            ]),
          ),
        );
        if (points.length)
          io.stdout(
            `\nTo see what one closes, pair by pair: kubepath what-if --fix ID ${inputs.join(' ')}\n` +
              table(
                ['#', 'ID'],
                points.map((p, i) => [String(i + 1), p.id]),
              ),
          );
      },
    );
}
