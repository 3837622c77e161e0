/**
 * `kubepath export bloodhound <input...> -o FILE.json|FILE.zip`: the attack graph as
 * BloodHound OpenGraph JSON (packages/neo4j/src/opengraph.ts), to upload into BloodHound CE
 * or Enterprise. A `.zip` name writes it deflated in a ZIP, as BloodHound also takes.
 * `kubepath export neo4j <input...> --uri bolt://…`: the attack graph into Neo4j
 * (packages/neo4j/src/export.ts), replacing that cluster's earlier export.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { connectNeo4j, exportCsv, exportGraph, jewelCosts, toOpenGraph, zipOne } from '@kubepath/neo4j';
import { count } from '../format.js';
import { loadGraph } from '../graph-loader.js';
import { EXIT, ExitError, type CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { withExploitMode } from '../search-limits.js';
import type { ExploitMode, GraphIndex } from '@kubepath/analyzer';
import type { AttackGraph } from '@kubepath/graph';

interface Options {
  output: string;
  clusterName?: string;
  exploits: ExploitMode;
  kev?: string;
  node?: string;
}

/** The graph of the exploit mode: the index's edges, without those the mode leaves out. */
function graphOfMode(index: GraphIndex): AttackGraph {
  const removed = index.removedEdges;
  return { ...index.graph, edges: index.graph.edges.filter((_, e) => !removed.has(e)) };
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
        const graph = graphOfMode(index);
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
  command.addCommand(
    withExploitMode(new Command('neo4j'))
      .description(
        "the attack graph into Neo4j, beside the fleet's other clusters (a re-export replaces the cluster's graph)",
      )
      .argument('<input...>', 'files or directories, as analyze takes them')
      .option('--uri <bolt-url>', 'the Neo4j to write to (default KUBEPATH_NEO4J_URL)')
      .option('--cluster-name <name>', "the cluster's name in Neo4j (default: from the input)")
      .option(
        '--csv <dir>',
        'write the CSV files neo4j-admin database import full reads instead, and the command to run',
      )
      .addHelpText(
        'after',
        '\nCredentials: KUBEPATH_NEO4J_USER, and KUBEPATH_NEO4J_PASSWORD or KUBEPATH_NEO4J_PASSWORD_FILE (never a flag: flags show in ps).\nExample:\n  kubepath export neo4j examples/demo-cluster --uri bolt://127.0.0.1:7687',
      )
      .action(async (inputs: string[], opts: Options & { uri?: string; csv?: string }) => {
        const env = io.env ?? {};
        if (opts.csv) {
          const { snapshot, index } = await loadGraph(inputs, io, opts);
          const graph = graphOfMode(index);
          const cluster = opts.clusterName ?? snapshot.cluster.name;
          const csv = await exportCsv(graph, {
            dir: opts.csv,
            cluster,
            snapshotAt: snapshot.cluster.collectedAt,
            costs: jewelCosts(index),
          });
          io.stderr(
            `kubepath: wrote ${csv.nodeFiles.length + csv.relationshipFiles.length} CSV files to ${opts.csv}: ${count(graph.vertices.size)} vertices, ${count(graph.edges.length)} edges. Into an empty database (Neo4j stopped):\n  ${csv.command}\nthen, once it runs, make the import current:\n  MERGE (c:K8sCluster {name: "${cluster}"}) SET c.generation = "${csv.generation}", c.snapshotAt = "${snapshot.cluster.collectedAt}"\n`,
          );
          return;
        }
        const uri = opts.uri ?? env.KUBEPATH_NEO4J_URL;
        if (!uri) {
          io.stderr('kubepath: give --uri bolt://host:7687 or KUBEPATH_NEO4J_URL\n');
          throw new ExitError(EXIT.usage);
        }
        let password = env.KUBEPATH_NEO4J_PASSWORD;
        if (!password && env.KUBEPATH_NEO4J_PASSWORD_FILE) {
          try {
            password = readFileSync(env.KUBEPATH_NEO4J_PASSWORD_FILE, 'utf8').trim();
          } catch {
            io.stderr(
              `kubepath: KUBEPATH_NEO4J_PASSWORD_FILE: cannot read ${env.KUBEPATH_NEO4J_PASSWORD_FILE}\n`,
            );
            throw new ExitError(EXIT.usage);
          }
        }
        // Connect first: a Neo4j that is down is said before minutes of loading.
        let driver;
        try {
          driver = await connectNeo4j(uri, {
            ...(env.KUBEPATH_NEO4J_USER ? { user: env.KUBEPATH_NEO4J_USER } : {}),
            ...(password ? { password } : {}),
          });
        } catch (error) {
          io.stderr(`kubepath: ${(error as Error).message}\n`);
          throw new ExitError(EXIT.usage);
        }
        try {
          const { snapshot, index } = await loadGraph(inputs, io, opts);
          const graph = graphOfMode(index);
          const cluster = opts.clusterName ?? snapshot.cluster.name;
          const progress = createProgress(io, 'exporting', 'items');
          const result = await exportGraph(driver, graph, {
            cluster,
            snapshotAt: snapshot.cluster.collectedAt,
            costs: jewelCosts(index),
            onProgress: (done, total) => progress.update(done, total, ''),
          });
          progress.stop();
          io.stderr(
            `kubepath: exported ${count(result.vertices)} vertices and ${count(result.edges)} edges of ${cluster} to ${uri}${result.removed ? ` (replacing the previous export: ${count(result.removed)} vertices)` : ''}\n`,
          );
        } catch (error) {
          if (error instanceof ExitError) throw error;
          io.stderr(`kubepath: the export to ${uri} failed: ${(error as Error).message.split('\n')[0]}\n`);
          throw new ExitError(EXIT.usage);
        } finally {
          await driver.close();
        }
      }),
  );
  return command;
}
