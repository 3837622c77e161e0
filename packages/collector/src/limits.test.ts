// Hostile inputs: every limit is checked while streaming, skips what breached it with the
// limit's name, and keeps what came before. Limits are lowered here so that each test takes
// milliseconds; apps/cli's hostile-input test runs the full-size bombs with the defaults.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '@kubepath/model';
import { CANARY, CANARY_YAML_DOCUMENTS, writeGzipBomb, writeTarBomb, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT_LIMITS, inputLimitsFromEnv, type InputLimits } from './limits.js';
import { loadSnapshotFromFiles } from './load-files.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'kubepath-limits-'));
const sa = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: 'ci' },
});
const saYaml = (name: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ci}\n`;
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const load = (path: string, limits: Partial<InputLimits> = {}) =>
  loadSnapshotFromFiles([path], { limits: { ...DEFAULT_INPUT_LIMITS, ...limits } });
const limitsHit = (s: Awaited<ReturnType<typeof load>>) => s.coverage.skipped.flatMap((x) => x.limit ?? []);
const names = (s: Awaited<ReturnType<typeof load>>) => s.objects.serviceAccounts.map((x) => x.metadata.name);

describe('load limits', () => {
  it('stops a tar bomb at its entry limit, keeping the entries before it', async () => {
    const path = writeTarBomb(
      join(dir, 'bomb.tar.gz'),
      ['dump/pods.json'],
      64 * MiB,
      [{ name: 'dump/serviceaccounts.json', content: list([sa('before')]) }],
      'spaces',
    );
    const s = await load(path, { maxEntryBytes: 8 * MiB });
    expect(names(s)).toEqual(['before']);
    expect(limitsHit(s)).toEqual(['maxEntryBytes']);
    expect(s.coverage.skipped[0]!.file).toMatch(/bomb\.tar\.gz:dump\/pods\.json$/);
  });
  it('stops an archive at its total limit, though each entry is under its own', async () => {
    const path = writeTarBomb(
      join(dir, 'many.tar.gz'),
      ['a.bin', 'b.bin', 'c.bin'],
      64 * MiB,
      [{ name: 'dump/serviceaccounts.json', content: list([sa('kept')]) }],
      'spaces',
    );
    const s = await load(path, { maxArchiveBytes: 100 * MiB });
    expect(names(s)).toEqual(['kept']);
    expect(limitsHit(s)).toEqual(['maxArchiveBytes']);
  });
  it('refuses a metadata.json bomb and a YAML entry over the YAML limit', async () => {
    const meta = await load(
      writeTarBomb(join(dir, 'meta.tar.gz'), ['metadata.json'], 64 * MiB, [], 'spaces'),
    );
    expect(limitsHit(meta)).toEqual(['metadata.json']);
    const bomb = writeTarBomb(join(dir, 'yaml.tar.gz'), ['m.yaml'], 64 * MiB, [], 'spaces');
    expect(limitsHit(await load(bomb, { maxYamlBytes: MiB }))).toEqual(['maxYamlBytes']);
  });
  it('stops an archive at a long run of zero bytes, which no dump holds, keeping the entries before', async () => {
    const path = writeTarBomb(join(dir, 'zeros.tar.gz'), ['dump/pods.json'], 64 * MiB, [
      { name: 'dump/serviceaccounts.json', content: list([sa('before')]) },
    ]);
    const s = await load(path);
    expect(names(s)).toEqual(['before']);
    expect(limitsHit(s)).toEqual(['zeroRun']);
  });
  it('reads a gzipped List or tar by what it holds, whatever its name says', async () => {
    writeFileSync(join(dir, 'list.tar.gz'), gzipSync(list([sa('in-json')])));
    expect(names(await load(join(dir, 'list.tar.gz')))).toEqual(['in-json']);
  });
  it('stops a .json.gz bomb at its decompressed limit', async () => {
    const s = await load(writeGzipBomb(join(dir, 'bomb.json.gz'), 128 * MiB, 'spaces'), {
      maxEntryBytes: 16 * MiB,
    });
    expect(limitsHit(s)).toEqual(['maxEntryBytes']);
  });
  it('refuses a YAML file over the YAML limit, plain or gzipped, before parsing it', async () => {
    const big = `a: ${'x'.repeat(2 * MiB)}\n`;
    writeFileSync(join(dir, 'big.yaml'), big);
    writeFileSync(join(dir, 'big.yaml.gz'), gzipSync(big));
    for (const file of ['big.yaml', 'big.yaml.gz']) {
      const s = await load(join(dir, file), { maxYamlBytes: MiB });
      expect(limitsHit(s)).toEqual(['maxYamlBytes']);
      expect(s.coverage.skipped[0]!.reason).toMatch(/-o json/);
    }
  });
  it('skips one List item over the document limit and keeps the others', async () => {
    const huge = { ...sa('huge'), metadata: { ...sa('huge').metadata, labels: { x: 'y'.repeat(2 * MiB) } } };
    writeFileSync(join(dir, 'items.json'), list([sa('a'), huge, sa('b')]));
    const s = await load(join(dir, 'items.json'), { maxDocumentBytes: MiB });
    expect(names(s)).toEqual(['a', 'b']);
    expect(s.coverage.skipped).toMatchObject([{ where: 'items[1]', limit: 'maxDocumentBytes' }]);
  });
  it('stops a List or a YAML file at the document count, keeping the documents before', async () => {
    writeFileSync(join(dir, 'count.json'), list(['a', 'b', 'c', 'd'].map(sa)));
    const json = await load(join(dir, 'count.json'), { maxDocuments: 2 });
    expect(names(json)).toEqual(['a', 'b']);
    expect(limitsHit(json)).toEqual(['maxDocuments']);
    writeFileSync(join(dir, 'count.yaml'), ['a', 'b', 'c'].map(saYaml).join('---\n'));
    const yaml = await load(join(dir, 'count.yaml'), { maxDocuments: 2 });
    expect(names(yaml)).toEqual(['a', 'b']);
    expect(limitsHit(yaml)).toEqual(['maxDocuments']);
  });
  it('refuses documents nested past the depth limit, in JSON and in YAML', async () => {
    writeFileSync(join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    expect(limitsHit(await load(join(dir, 'deep.json')))).toEqual(['maxDepth']);
    const nested = (depth: number) => `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    writeFileSync(join(dir, 'deep.yaml'), `${saYaml('ok')}---\nx: ${nested(40)}\n`);
    const yaml = await load(join(dir, 'deep.yaml'), { maxDepth: 20 });
    expect(names(yaml)).toEqual(['ok']);
    expect(limitsHit(yaml)).toEqual(['maxDepth']);
  });
  it('reads a flow collection thousands deep as an error, not a crash', async () => {
    writeFileSync(join(dir, 'flow.yaml'), `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    const s = await load(join(dir, 'flow.yaml'));
    expect(s.coverage.skippedTotal).toBeGreaterThan(0);
    expect(s.coverage.skipped[0]!.reason).toMatch(/nested too deeply/);
  });
});

describe('parser errors', () => {
  it('never carry input text: every YAML error path is fed the canary', async () => {
    const path = join(writeTree({ 'c.yaml': CANARY_YAML_DOCUMENTS.join('---\n') }), 'c.yaml');
    const s = await load(path);
    expect(s.coverage.skippedTotal).toBe(CANARY_YAML_DOCUMENTS.length);
    for (const skipped of s.coverage.skipped) {
      expect(skipped.reason).toMatch(/^invalid YAML: /);
      expect(skipped.where).toMatch(/^document \d+ \(line \d+\)$/);
    }
    expect(JSON.stringify(s)).not.toContain(CANARY);
  });
  it('never carry input text from broken JSON, whole or as List items', async () => {
    const tree = writeTree({
      'doc.json': `{"kind": "Secret", "data": {"password": ${CANARY}}}`,
      'items.json': `{"kind": "List", "items": [{"kind": "Secret", "x": ${CANARY}}, {"a": "${CANARY}\\q"}]}`,
      'trunc.json': `{"kind": "Secret", "data": {"password": "${CANARY}`,
    });
    for (const file of ['doc.json', 'items.json', 'trunc.json']) {
      const s = await load(join(tree, file));
      expect(s.coverage.skippedTotal).toBeGreaterThan(0);
      expect(JSON.stringify(s)).not.toContain(CANARY);
    }
  });
});

describe('inputLimitsFromEnv', () => {
  it('reads KUBEPATH_MAX_* over the defaults', () => {
    expect(inputLimitsFromEnv({ KUBEPATH_MAX_YAML_BYTES: '1024', KUBEPATH_MAX_DEPTH: '' })).toEqual({
      ...DEFAULT_INPUT_LIMITS,
      maxYamlBytes: 1024,
    });
  });
  it('refuses a value that is not a positive whole number, naming the variable', () => {
    expect(() => inputLimitsFromEnv({ KUBEPATH_MAX_DOCUMENTS: '-3' })).toThrow(UsageError);
    expect(() => inputLimitsFromEnv({ KUBEPATH_MAX_DOCUMENTS: 'lots' })).toThrow(/KUBEPATH_MAX_DOCUMENTS/);
  });
});
