/** The options and warnings the search commands share (who-can-reach, blast-radius, paths…). */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_LIMITS, type WhoCanReachResult } from '@kubepath/analyzer';
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

/** Says on stderr which limit cut an answer short. */
export function warnPartial(io: CliIo, truncated: WhoCanReachResult['truncated']): void {
  if (!truncated) return;
  const limit =
    truncated.reason === 'result-cap'
      ? `result cap (${truncated.limit})`
      : `time budget (${truncated.limit} ms)`;
  io.stderr(`kubepath: stopped at the ${limit}: the answer is partial\n`);
}
