// The parse floor (performance issue): stream the same files `kubepath analyze` reads and
// JSON.parse each item, nothing else. No normalisation, no graph: what any tool reading these
// inputs must pay. The end-to-end aim is measured against it (`pnpm bench:scale` prints both).
//
//   node --conditions=kubepath-source --import tsx test/bench/parse-floor.ts DIR...
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JsonItemScanner } from '@kubepath/collector';

/** Every `.json` file under the inputs, in name order (what the loader reads of a gen cluster). */
function jsonFiles(inputs: string[]): string[] {
  return inputs.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(input, f))
      : [input],
  );
}

export interface FloorResult {
  ms: number;
  bytes: number;
  items: number;
}

/** Streams each file through the item scanner and parses every item; returns the time taken. */
export async function parseFloor(inputs: string[]): Promise<FloorResult> {
  const started = performance.now();
  let bytes = 0;
  let items = 0;
  for (const file of jsonFiles(inputs)) {
    const scanner = new JsonItemScanner((raw) => {
      JSON.parse(raw.toString('utf8'));
      items++;
    });
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      scanner.write(chunk as Buffer);
    }
    scanner.end();
  }
  return { ms: performance.now() - started, bytes, items };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const inputs = process.argv.slice(2);
  if (inputs.length === 0) {
    console.error('usage: parse-floor.ts DIR_OR_FILE...');
    process.exit(64);
  }
  const r = await parseFloor(inputs);
  console.log(
    `parse floor: ${r.items.toLocaleString('en-US')} items, ${(r.bytes / 2 ** 20).toFixed(0)} MiB in ${(r.ms / 1000).toFixed(1)} s (${(r.bytes / 2 ** 20 / (r.ms / 1000)).toFixed(0)} MiB/s), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
}
