/** Loading inputs and building the graph and its search index, for the query commands. */
import { GraphIndex, indexForExploits, type ExploitMode } from '@kubepath/analyzer';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import type { Snapshot } from '@kubepath/model';
import { readCrownJewels } from './crown-jewels.js';
import { seconds } from './format.js';
import type { CliIo } from './io.js';
import { loadInputs } from './load.js';

export interface LoadedGraph {
  snapshot: Snapshot;
  graph: AttackGraph;
  /** The index for the command's exploit mode (--exploits; every exploit step when not given). */
  index: GraphIndex;
  timing: { loadMs: number; buildMs: number; indexMs: number };
}

export async function loadGraph(
  inputs: string[],
  io: CliIo,
  options: {
    crownJewels?: string;
    clusterName?: string;
    exploits?: ExploitMode;
    skippedInOutput?: boolean;
    /** --kev: CISA's KEV catalog file. */
    kev?: string;
    /** --node: the node of kube-bench results whose file name names none. */
    node?: string;
  } = {},
): Promise<LoadedGraph> {
  const crownJewels = options.crownJewels ? readCrownJewels(options.crownJewels) : undefined;
  const { snapshot, ms: loadMs } = await loadInputs(inputs, io, options.clusterName, {
    skippedInOutput: options.skippedInOutput ?? false,
    ...(options.kev ? { kev: options.kev } : {}),
    ...(options.node ? { cisNode: options.node } : {}),
  });
  let started = performance.now();
  const graph = buildAttackGraph(snapshot, {
    crownJewels,
    onPhase: (phase, ms) => io.isInteractive && io.stderr(`  graph: ${phase} ${seconds(ms)}\n`),
  });
  const buildMs = performance.now() - started;
  started = performance.now();
  const index = indexForExploits(new GraphIndex(graph), options.exploits);
  return { snapshot, graph, index, timing: { loadMs, buildMs, indexMs: performance.now() - started } };
}
