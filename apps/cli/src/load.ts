/** Loading inputs for any command: progress on stderr, and exit 2 when nothing usable was read. */
import { inputLimitsFromEnv, loadSnapshotFromFiles } from '@kubepath/collector';
import { countObjects, type Snapshot } from '@kubepath/model';
import { EXIT, ExitError, type CliIo } from './io.js';
import { createProgress } from './progress.js';

/** A loaded snapshot with how long it took. */
export interface Loaded {
  snapshot: Snapshot;
  ms: number;
  objects: number;
}

/** Number of objects a snapshot holds. */
export function objectCount(snapshot: Snapshot): number {
  return countObjects(snapshot.objects);
}

/** Skipped items named on stderr before "and N more". */
const SKIPPED_WARNED = 10;

/**
 * Loads the inputs. Whatever could not be read is said on stderr — a file dropped without a
 * word can hide a deny-all policy — unless the command's own output lists it (`analyze`).
 */
export async function loadInputs(
  inputs: string[],
  io: CliIo,
  clusterName?: string,
  options: { skippedInOutput?: boolean; kev?: string; cisNode?: string } = {},
): Promise<Loaded> {
  const started = performance.now();
  const progress = createProgress(io, 'loading', 'bytes');
  // The KEV catalog is read like any input (it is found by its content), and must be one.
  const snapshot = await loadSnapshotFromFiles(options.kev ? [...inputs, options.kev] : inputs, {
    clusterName,
    limits: inputLimitsFromEnv(io.env ?? {}),
    ...(options.cisNode ? { cisNode: options.cisNode } : {}),
    onProgress: (p) =>
      progress.update(p.bytesDone, p.bytesTotal, `${p.objects.toLocaleString('en-US')} objects`),
  });
  progress.stop();
  const objects = objectCount(snapshot);
  if (objects === 0) {
    for (const s of snapshot.coverage.skipped.slice(0, 20))
      io.stderr(`kubepath: ${s.file} (${s.where}): ${s.reason}\n`);
    io.stderr(`kubepath: nothing usable was read from ${inputs.join(', ')}\n`);
    throw new ExitError(EXIT.usage);
  }
  if (options.kev && snapshot.evidence?.kev?.file !== options.kev) {
    const why = snapshot.coverage.skipped.find((s) => s.file === options.kev)?.reason;
    io.stderr(
      `kubepath: --kev ${options.kev}: ${why ?? "not CISA's KEV catalog (a JSON object with catalogVersion and vulnerabilities[].cveID)"}\n`,
    );
    throw new ExitError(EXIT.usage);
  }
  const { skipped, skippedTotal } = snapshot.coverage;
  if (skippedTotal > 0 && !options.skippedInOutput) {
    io.stderr(`kubepath: warning: skipped ${skippedTotal} document(s) or object(s) of the input:\n`);
    for (const s of skipped.slice(0, SKIPPED_WARNED)) io.stderr(`  ${s.file} (${s.where}): ${s.reason}\n`);
    if (skippedTotal > SKIPPED_WARNED)
      io.stderr(`  … and ${skippedTotal - SKIPPED_WARNED} more (kubepath analyze lists them)\n`);
  }
  return { snapshot, ms: performance.now() - started, objects };
}
