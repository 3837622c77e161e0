import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { entryName, tarGzOf, tarHeader } from './tar.js';

const text = (bytes: Uint8Array, from: number, length: number) =>
  new TextDecoder().decode(bytes.subarray(from, from + length)).replace(/\0.*$/s, '');

describe('tar', () => {
  it('writes a ustar header whose checksum is the sum of its bytes, checksum field as spaces', () => {
    const h = tarHeader('1-pods.json', 1234, 1_700_000_000_000);
    expect(h.length).toBe(512);
    expect(text(h, 0, 100)).toBe('1-pods.json');
    expect(parseInt(text(h, 124, 12), 8)).toBe(1234);
    expect(text(h, 257, 6)).toBe('ustar');
    const stored = parseInt(text(h, 148, 8), 8);
    const copy = Uint8Array.from(h);
    copy.fill(32, 148, 156);
    expect(stored).toBe(copy.reduce((a, b) => a + b, 0));
  });
  it('names entries uniquely and keeps the extension the API reads them by', () => {
    expect(entryName(1, 'dir/pods.json')).toBe('1-pods.json');
    expect(entryName(2, 'C:\\x\\rbac roles.YAML')).toBe('2-rbac_roles.YAML');
    const long = entryName(3, `${'a'.repeat(300)}.yaml`);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('.yaml')).toBe(true);
  });
  it('packs files back to back on 512-byte blocks, and gzips the whole', async () => {
    const files = [
      new File(['{"kind":"List","items":[]}'], 'a.json'),
      new File(['kind: ServiceAccount\n'], 'b.yaml'),
    ];
    const tar = gunzipSync(Buffer.from(await (await tarGzOf(files)).arrayBuffer()));
    expect(tar.length % 512).toBe(0);
    expect(text(tar, 0, 100)).toBe('1-a.json');
    expect(text(tar, 512, 26)).toBe('{"kind":"List","items":[]}');
    expect(text(tar, 1024, 100)).toBe('2-b.yaml');
    expect(text(tar, 1536, 21)).toBe('kind: ServiceAccount\n');
    expect(tar.subarray(2048).every((b) => b === 0)).toBe(true);
  });
});
