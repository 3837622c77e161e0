/** `kubepath what-if --remove KIND/[NS/]NAME … <input...>`: which paths a fix closes. */
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
  return withExploitMode(new Command('what-if'))
    .description(
      'remove objects (a binding, a workload…), re-run the analysis, and list the paths that close',
    )
    .requiredOption(
      '--remove <object>',
      'KIND/NAME or KIND/NAMESPACE/NAME, e.g. RoleBinding/ci/runner-build-pods (repeat for several)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExample:\n  kubepath what-if --remove ClusterRoleBinding/storefront-legacy-ops examples/demo-cluster',
    )
    .action(async (inputs: string[], opts: { remove: string[]; json?: boolean; exploits: ExploitMode }) => {
      const removals = opts.remove.map(parseRemoval);
      const { snapshot } = await loadInputs(inputs, io);
      const result = whatIf(snapshot, removals, { exploits: opts.exploits });
      for (const u of result.unmatched)
        io.stderr(
          `kubepath: --remove ${u.kind}/${u.namespace ? `${u.namespace}/` : ''}${u.name} matches no object in the input\n`,
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
    });
}
