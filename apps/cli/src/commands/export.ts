/**
 * `kubepath export bloodhound <input...> -o FILE.json|FILE.zip`: the attack graph as
 * BloodHound OpenGraph JSON (packages/neo4j/src/opengraph.ts), to upload into BloodHound CE
 * or Enterprise. A `.zip` name writes it deflated in a ZIP, as BloodHound also takes.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { toOpenGraph, zipOne } from '@kubepath/neo4j';
import { count } from '../format.js';
import { loadGraph } from '../graph-loader.js';
import { EXIT, ExitError, type CliIo } from '../io.js';
import { withExploitMode } from '../search-limits.js';
import type { ExploitMode } from '@kubepath/analyzer';

interface Options {
  output: string;
  clusterName?: string;
  exploits: ExploitMode;
  kev?: string;
  node?: string;
}

export function exportCommand(io: CliIo): Command {
  const command = new Command('export').description('export the attack graph for other tools');
  command.addCommand(
    withExploitMode(new Command('bloodhound'))
      .description('the attack graph as BloodHound OpenGraph JSON (upload it in BloodHound CE or Enterprise)')
      .argument('<input...>', 'files or directories, as analyze takes them')
      .requiredOption('-o, --output <file>', 'the file to write: .json, or .zip for a deflated archive')
      .option('--cluster-name <name>', 'the cluster name in node ids (default: from the input)')
      .action(async (inputs: string[], opts: Options) => {
        if (!/\.(json|zip)$/i.test(opts.output)) {
          io.stderr(`kubepath: -o ${opts.output}: name a .json or a .zip file\n`);
          throw new ExitError(EXIT.usage);
        }
        const { snapshot, index } = await loadGraph(inputs, io, opts);
        // The graph of the exploit mode: its edges are the index's, without those it leaves out.
        const removed = index.removedEdges;
        const graph = { ...index.graph, edges: index.graph.edges.filter((_, e) => !removed.has(e)) };
        const cluster = (opts.clusterName ?? snapshot.cluster.name).replace(/[|:%]/g, '-');
        const json = Buffer.from(JSON.stringify(toOpenGraph(graph, cluster)));
        const zip = /\.zip$/i.test(opts.output);
        writeFileSync(
          opts.output,
          zip ? zipOne(basename(opts.output).replace(/\.zip$/i, '.json'), json) : json,
        );
        io.stderr(
          `kubepath: wrote ${opts.output}: ${count(graph.vertices.size)} nodes, ${count(graph.edges.length)} edges (cluster ${cluster}, exploits ${opts.exploits})\n`,
        );
      }),
  );
  return command;
}
