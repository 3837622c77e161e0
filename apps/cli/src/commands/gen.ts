/** `kubepath gen`: write a synthetic, realistic cluster for benchmarks and load tests. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { bytes, count, seconds } from '../format.js';
import { SyntheticCluster } from '../gen/synthetic-cluster.js';
import { JsonListWriter } from '../gen/json-list-writer.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function genCommand(io: CliIo): Command {
  return new Command('gen')
    .description('write a synthetic but realistic cluster (kubectl List JSON) for benchmarks')
    .requiredOption('-o, --output <dir>', 'directory to write cluster.json and pods.json into')
    .option('--nodes <n>', 'number of nodes', positiveInt, 50)
    .option('--pods <n>', 'number of pods', positiveInt, 1500)
    .option('--seed <n>', 'random seed: the same seed gives the same cluster', positiveInt, 1)
    .option('--policies <n>', 'NetworkPolicies to aim for (default: scales with namespaces)', positiveInt)
    .option('--compact', 'write compact JSON instead of kubectl-style pretty JSON')
    .option(
      '--vulnerability-reports',
      'also write vulnerability-reports.json: a trivy-operator VulnerabilityReport for every Deployment',
    )
    .addHelpText(
      'after',
      '\nExample:\n  kubepath gen --pods 150000 --nodes 5000 --seed 7 -o /tmp/big && kubepath analyze /tmp/big',
    )
    .action(
      async (opts: {
        output: string;
        nodes: number;
        pods: number;
        seed: number;
        policies?: number;
        compact?: boolean;
        vulnerabilityReports?: boolean;
      }) => {
        const started = performance.now();
        mkdirSync(opts.output, { recursive: true });
        const cluster = new SyntheticCluster(opts);
        const pretty = !opts.compact;
        const clusterFile = new JsonListWriter(join(opts.output, 'cluster.json'), pretty);
        for (const object of cluster.cluster()) await clusterFile.write(object);
        const clusterBytes = await clusterFile.close();
        const progress = createProgress(io, 'writing pods', 'items');
        const podsFile = new JsonListWriter(join(opts.output, 'pods.json'), pretty);
        for (const pod of cluster.pods()) {
          await podsFile.write(pod);
          if (podsFile.items % 1000 === 0)
            progress.update(podsFile.items, opts.pods, `${count(podsFile.items)} pods`);
        }
        const podBytes = await podsFile.close();
        progress.stop();
        let reports = '';
        if (opts.vulnerabilityReports) {
          const file = new JsonListWriter(join(opts.output, 'vulnerability-reports.json'), pretty);
          for (const report of cluster.vulnerabilityReports()) await file.write(report);
          reports = `, ${count(file.items)} VulnerabilityReports in vulnerability-reports.json (${bytes(await file.close())})`;
        }
        io.stdout(
          `wrote ${opts.output}: ${count(clusterFile.items)} objects in cluster.json (${bytes(clusterBytes)}), ` +
            `${count(podsFile.items)} pods in pods.json (${bytes(podBytes)}); ${count(cluster.nodeNames.length)} nodes, ` +
            `${count(cluster.appNamespaces.length)} app namespaces${reports}, in ${seconds(performance.now() - started)}\n`,
        );
      },
    );
}
