/**
 * `kubepath who-can-reach TARGET <input...>`: every vertex that can reach the target, with its
 * cheapest path. JSON shape (DESIGN.md): {"target", "sources": [{"id", "cost", "path": [{"from", "kind", "to"}]}]}.
 */
import { Command } from 'commander';
import { explainPaths, resolveTargets, whoCanReach, type ExploitMode } from '@kubepath/analyzer';
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

export function whoCanReachCommand(io: CliIo): Command {
  return withExploitMode(withActorFilter(withSearchLimits(new Command('who-can-reach'), 'sources')))
    .description('every identity, pod, container… that can reach a target, with its cheapest path')
    .argument(
      '<target>',
      'a vertex id (target:etcd, target:cluster-admin, secret:ns/name), a glob (secret:kube-system/*, node:*), or crown-jewels',
    )
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--json', 'print JSON: {"target", "sources": [{"id", "cost", "path": [{"from", "kind", "to"}]}]}')
    .option(
      '--evidence',
      "with --json: add each step's cost, evidence and remediation; in text: show the paths step by step",
    )
    .option('--crown-jewels <file>', 'YAML config of extra crown jewels (kind: CrownJewels)')
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath who-can-reach target:etcd examples/demo-cluster\n  kubepath who-can-reach "secret:kube-system/*" cluster.json --json',
    )
    .action(
      async (
        target: string,
        inputs: string[],
        opts: {
          json?: boolean;
          evidence?: boolean;
          maxResults: number;
          budgetMs: number;
          crownJewels?: string;
          kind?: VertexKind[];
          namespace?: string;
          maxCost?: number;
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
        if (resolveTargets(index, target).length === 0) {
          io.stderr(
            `kubepath: no vertex matches "${target}" (try target:etcd, target:cluster-admin, node:*, or an id from --json output)\n`,
          );
          throw new ExitError(EXIT.usage);
        }
        const result = whoCanReach(index, target, {
          maxResults: opts.maxResults,
          budgetMs: opts.budgetMs,
          ...actorFilter(opts),
        });
        warnPartial(io, result.truncated);
        if (opts.json) {
          const out = opts.evidence ? { ...result, sources: explainPaths(index, result.sources) } : result;
          io.stdout(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        io.stdout(
          `${count(result.sources.length)} actors can reach ${target}${result.truncated ? ' (partial)' : ''}\n\n`,
        );
        const shown = result.sources;
        io.stdout(
          table(
            ['SOURCE', 'COST', 'HOPS', 'PATH'],
            shown
              .slice(0, 200)
              .map((s) => [s.id, String(s.cost), String(s.path.length), pathSummary(s.path)]),
          ),
        );
        if (shown.length > 200) io.stdout(`… and ${count(shown.length - 200)} more (use --json for all)\n`);
        if (shown.some((s) => s.assumesExploit))
          io.stdout('* assumes an exploit of a running service (--exploits none leaves these steps out)\n');
        if (opts.evidence) {
          for (const s of shown.slice(0, 20))
            io.stdout(`\n${s.id} (cost ${s.cost}):\n${renderPath(index, s.path)}`);
        }
      },
    );
}
