/** `kubepath what-if --remove KIND/[NS/]NAME … --fix ID … <input...>`: which paths a fix closes. */
import { Command } from 'commander';
import { whatIf, type ExploitMode, type Removal } from '@kubepath/analyzer';
import { UsageError } from '@kubepath/model';
import { count, table } from '../format.js';
import type { CliIo } from '../io.js';
import { loadInputs } from '../load.js';
import { withExploitMode } from '../search-limits.js';

/** `ClusterRoleBinding/ops-admin` or `RoleBinding/ci/runner-build-pods`. */
export function parseRemoval(text: string): Removal {
  const parts = text.split('/');
  if (parts.length === 2) return { kind: parts[0]!, name: parts[1]! };
  if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  throw new UsageError(`--remove ${text}: expected KIND/NAME or KIND/NAMESPACE/NAME`);
}

export function whatIfCommand(io: CliIo): Command {
  const repeat = (value: string, previous: string[] = []) => [...previous, value];
  return withExploitMode(new Command('what-if'))
    .description(
      "delete objects (a binding, a workload…) or make fix candidates' changes, re-run the analysis, and list the paths that close",
    )
    .option(
      '--remove <object>',
      'delete KIND/NAME or KIND/NAMESPACE/NAME, e.g. RoleBinding/ci/runner-build-pods (repeat for several)',
      repeat,
    )
    .option(
      '--fix <id>',
      'make the change of a fix candidate, by the id choke-points prints, e.g. DaemonSet/monitoring/node-agent#/spec/template/spec/volumes/0 (repeat for several)',
      repeat,
    )
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      [
        '',
        '--remove deletes the object and builds the graph again: deleting a workload also deletes its pods.',
        '--fix makes only the change a fix candidate names (a field, a label, a policy added), on the same',
        'graph: it closes exactly what choke-points says the candidate closes.',
        '',
        'Examples:',
        '  kubepath what-if --remove ClusterRoleBinding/storefront-legacy-ops examples/demo-cluster',
        "  kubepath what-if --fix 'Namespace/ci#psa' examples/demo-cluster",
      ].join('\n'),
    )
    .action(
      async (
        inputs: string[],
        opts: {
          remove?: string[];
          fix?: string[];
          json?: boolean;
          exploits: ExploitMode;
          kev?: string;
          node?: string;
        },
      ) => {
        if (!opts.remove?.length && !opts.fix?.length)
          throw new UsageError('what-if: give --remove KIND/[NAMESPACE/]NAME or --fix ID (or both)');
        const removals = (opts.remove ?? []).map(parseRemoval);
        const { snapshot } = await loadInputs(inputs, io, undefined, {
          ...(opts.kev ? { kev: opts.kev } : {}),
          ...(opts.node ? { cisNode: opts.node } : {}),
        });
        const result = whatIf(
          snapshot,
          { remove: removals, fix: opts.fix ?? [] },
          { exploits: opts.exploits },
        );
        for (const u of result.unmatched)
          io.stderr(
            `kubepath: --remove ${u.kind}/${u.namespace ? `${u.namespace}/` : ''}${u.name} matches no object in the input\n`,
          );
        for (const id of result.unmatchedFixes)
          io.stderr(
            `kubepath: --fix ${id} names no change on a path in the input (see kubepath choke-points for the ids)\n`,
          );
        if (opts.json) {
          io.stdout(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        io.stdout(
          `Entry point → crown jewel pairs: ${count(result.before.pairs)} before, ${count(result.after.pairs)} after; findings ${result.before.findings} → ${result.after.findings}\n`,
        );
        if (result.closed.length === 0) io.stdout('No path closes.\n');
        else
          io.stdout(
            `\n${count(result.closed.length)} closed:\n` +
              table(
                ['ENTRY POINT', 'NO LONGER REACHES'],
                result.closed.map((c) => [c.entry, c.jewel]),
              ),
          );
      },
    );
}
