// The hostile set (generated here, never committed: decompression bombs a few MB on disk and
// gigabytes inside, canary-laden YAML, nesting bombs, a 200 MB string): `kubepath analyze`
// on each exits 0 or 2 within 60 s and 1.5 GiB, names the file, and prints no secret value.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CANARY, runKubepathMeasured, writeHostileSet } from '@kubepath/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'kubepath-hostile-'));
const files = writeHostileSet(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubepath analyze on hostile files', () => {
  it.each(Object.keys(files))(
    '%s: exit 0 or 2 in under 60 s and 1.5 GiB, the file named, no value',
    async (name) => {
      const run = await runKubepathMeasured(['analyze', files[name]!], { timeoutMs: 60_000 });
      expect(run.signal).toBeNull();
      expect([0, 2]).toContain(run.code);
      expect(run.maxRssMiB).toBeLessThan(1536);
      expect(run.stderr).toContain(name);
      expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
      expect(run.stdout + run.stderr).not.toContain(CANARY);
    },
  );
});
