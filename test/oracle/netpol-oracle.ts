/**
 * The NetworkPolicy differential test: the same random scenario (netpol-model.ts) written as
 * files, read by kubepath (`connlist`, netpol-analyzer compatibility mode) and by
 * netpol-analyzer's own `netpolicy list`; the connlists must be equal line for line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { connlist, formatConnlistLine } from '@kubepath/graph';
import { netpolicyBinary } from '../../scripts/netpol-analyzer.mjs';
import type { NetpolCase } from './netpol-model.js';

/** netpol-analyzer's lines, with its legacy IP form given kubepath's `[External]` suffix. */
function normalise(line: string): string {
  return line
    .replace(/^(\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+)( =>)/, '$1[External]$2')
    .replace(/=> (\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+) :/, '=> $1[External] :');
}

export interface NetpolComparison {
  kubepath: string[];
  reference: string[];
  onlyKubepath: string[];
  onlyReference: string[];
  /** What netpol-analyzer said on stderr (warnings, refusals). */
  referenceLog: string;
}

/** Both tools on one scenario; `reference` is null when netpol-analyzer refused the input. */
export async function runBoth(
  c: NetpolCase,
): Promise<{ kubepath: string[]; reference: string[] | null; referenceLog: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-netpol-oracle-'));
  try {
    // One JSON file per object: both tools read that the same way.
    c.objects.forEach((o, i) =>
      writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(o)),
    );
    const snapshot = await loadSnapshotFromFiles([dir]);
    const kubepath = connlist(snapshot).map((l) => formatConnlistLine(l).trimEnd());
    const run = spawnSync(netpolicyBinary, ['list', '--dirpath', dir, '-q'], { encoding: 'utf8' });
    const reference =
      run.status === 0
        ? run.stdout
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map(normalise)
        : null;
    return { kubepath, reference, referenceLog: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function compareConnlists(c: NetpolCase): Promise<NetpolComparison> {
  const { kubepath, reference, referenceLog } = await runBoth(c);
  if (reference === null) throw new Error(`netpolicy refused the scenario: ${referenceLog}`);
  const ours = new Set(kubepath);
  const theirs = new Set(reference);
  return {
    kubepath,
    reference,
    onlyKubepath: kubepath.filter((l) => !theirs.has(l)),
    onlyReference: reference.filter((l) => !ours.has(l)),
    referenceLog,
  };
}
