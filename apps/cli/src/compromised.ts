/** `--compromised FILE`: Falco alerts read, and what the compromised places already reach, in words. */
import { readFalcoAlerts, type FalcoAlert } from '@kubepath/collector';
import type { CompromisedResult } from '@kubepath/analyzer';
import { count } from './format.js';
import { EXIT, ExitError, type CliIo } from './io.js';
import { pathSummary } from './path-format.js';

export async function readAlerts(file: string, io: CliIo): Promise<FalcoAlert[]> {
  let read;
  try {
    read = await readFalcoAlerts(file);
  } catch (error) {
    io.stderr(
      `kubepath: --compromised ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'unreadable'}\n`,
    );
    throw new ExitError(EXIT.usage);
  }
  for (const s of read.skipped.slice(0, 10)) io.stderr(`kubepath: warning: --compromised ${file}, ${s}\n`);
  if (read.skipped.length > 10)
    io.stderr(`kubepath: warning: … and ${read.skipped.length - 10} more lines skipped\n`);
  if (read.alerts.length === 0) {
    io.stderr(`kubepath: --compromised ${file}: no Falco alert in it (JSON output, one alert per line)\n`);
    throw new ExitError(EXIT.usage);
  }
  return read.alerts;
}

/** The "known compromised" section of analyze: before the findings, since an attacker is already there. */
export function renderCompromised(result: CompromisedResult, file: string): string {
  const lines = [`\nKnown compromised (Falco alerts in ${file}): ${count(result.compromised.length)}`];
  for (const c of result.compromised) {
    const rules = [...new Set(c.alerts.map((a) => a.rule))].join('; ');
    lines.push(`  ${c.id} — ${count(c.alertCount)} alert(s): ${rules}`);
    if (c.jewels.length === 0) lines.push(`    reaches ${count(c.reaches)} actor(s), no crown jewel`);
    for (const j of c.jewels)
      lines.push(`    reaches ${j.id} at cost ${j.cost}: ${pathSummary(j.path) || '(it is the jewel)'}`);
  }
  for (const u of result.unmatched)
    lines.push(`  not in the input: line ${u.line} (${u.rule}) names ${u.names}`);
  return lines.join('\n') + '\n';
}
