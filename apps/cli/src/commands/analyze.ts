/** `kubepath analyze <input...>`: load the inputs and report what was read. */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { peakRss } from '../format.js';
import { loadInputs } from '../load.js';
import { loadSummary, renderLoadSummary } from '../summary.js';

export function analyzeCommand(io: CliIo): Command {
  return new Command('analyze')
    .description('load a cluster from files and report what was read (attack paths come with the analyzer)')
    .argument(
      '<input...>',
      'files or directories: kubectl JSON, YAML manifests, dump archives (.tar.gz), kubepath snapshots',
    )
    .option('--json', 'print machine-readable JSON')
    .option('--cluster-name <name>', 'name the cluster (default: from a dump archive, else the first input)')
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath analyze examples/demo-cluster\n  kubectl get pods,sa,roles,rolebindings -A -o json > c.json && kubepath analyze c.json',
    )
    .action(async (inputs: string[], opts: { json?: boolean; clusterName?: string }) => {
      const { snapshot, ms } = await loadInputs(inputs, io, opts.clusterName);
      const timing = { ms, peakRssBytes: peakRss() };
      if (opts.json) io.stdout(JSON.stringify(loadSummary(snapshot, timing), null, 2) + '\n');
      else {
        io.stdout(renderLoadSummary(snapshot, timing));
        io.stdout('\nAttack paths are not computed yet: this version reads and checks inputs only.\n');
      }
    });
}
