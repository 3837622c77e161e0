/** The options and warnings the search commands share (who-can-reach, blast-radius, paths…). */
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  ACTOR_KINDS,
  DEFAULT_LIMITS,
  EXPLOIT_MODES,
  type ActorFilter,
  type WhoCanReachResult,
} from '@kubepath/analyzer';
import type { VertexKind } from '@kubepath/model';
import type { CliIo } from './io.js';

/** commander's parser for a positive number option. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** --max-results and --budget-ms, with the analyzer's defaults. */
export function withSearchLimits(command: Command, results: string): Command {
  return command
    .option('--max-results <n>', `stop after this many ${results}`, positiveNumber, DEFAULT_LIMITS.maxResults)
    .option('--budget-ms <ms>', 'time budget of the search', positiveNumber, DEFAULT_LIMITS.budgetMs);
}

/** commander's parser for --kind: a comma-separated list of actor kinds. */
function actorKinds(value: string): VertexKind[] {
  const kinds = value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = kinds.filter((k) => !(ACTOR_KINDS as readonly string[]).includes(k));
  if (unknown.length || kinds.length === 0)
    throw new InvalidArgumentError(`expected some of ${ACTOR_KINDS.join(', ')}`);
  return kinds as VertexKind[];
}

/** --kind, --namespace and --max-cost: which actors an answer lists (crown jewels reached always are). */
export function withActorFilter(command: Command): Command {
  return command
    .option('--kind <kinds>', `list only these kinds of actor (${ACTOR_KINDS.join(',')})`, actorKinds)
    .option('-n, --namespace <ns>', 'list only actors of this namespace')
    .option('--max-cost <n>', 'list only actors at most this cost away', positiveNumber);
}

/** The ActorFilter of parsed --kind, --namespace and --max-cost options. */
export function actorFilter(opts: {
  kind?: VertexKind[];
  namespace?: string;
  maxCost?: number;
}): ActorFilter {
  return {
    ...(opts.kind ? { kinds: opts.kind } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.maxCost !== undefined ? { maxCost: opts.maxCost } : {}),
  };
}

/** --exploits none|known|assumed: which exploit steps of running services count. */
export function withExploitMode(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--exploits <mode>',
        'exploits of running services: assumed (any reachable listening port), known (only into containers with a known exploitable vulnerability), none (permissions and spec fields only)',
      )
        .choices(EXPLOIT_MODES)
        .default('assumed'),
    )
    .option(
      '--kev <file>',
      "CISA's Known Exploited Vulnerabilities catalog (its JSON feed): vulnerabilities in it make known exploits, cost 3",
    )
    .option(
      '--node <name>',
      'the node of the kube-bench results among the inputs whose file name names no node (kube-bench does not record it)',
    );
}

/** Says on stderr which limit cut an answer short. */
export function warnPartial(io: CliIo, truncated: WhoCanReachResult['truncated']): void {
  if (!truncated) return;
  const limit =
    truncated.reason === 'result-cap'
      ? `result cap (${truncated.limit})`
      : `time budget (${truncated.limit} ms)`;
  io.stderr(`kubepath: stopped at the ${limit}: the answer is partial\n`);
}
