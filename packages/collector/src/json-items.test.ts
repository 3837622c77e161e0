import { describe, expect, it } from 'vitest';
import { JsonItemScanner } from './json-items.js';

function scan(text: string, chunkSize: number) {
  const items: unknown[] = [];
  const offsets: number[] = [];
  const scanner = new JsonItemScanner((bytes, _index, offset) => {
    items.push(JSON.parse(bytes.toString('utf8')));
    offsets.push(offset);
  });
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += chunkSize) scanner.write(buf.subarray(i, i + chunkSize));
  const result = scanner.end();
  return {
    items,
    offsets,
    result,
    envelope: !result.truncated ? JSON.parse(result.envelope.toString('utf8')) : null,
  };
}

const LIST = JSON.stringify(
  {
    apiVersion: 'v1',
    kind: 'PodList',
    items: [
      { kind: 'Pod', metadata: { name: 'a', annotations: { tricky: '} ] " \\" { [ , :' } } },
      { kind: 'Pod', metadata: { name: 'b', labels: { items: '[1,2]' } }, spec: { items: [{}, []] } },
      { kind: 'Pod', metadata: { name: 'é-ünïcode' } },
    ],
    metadata: { resourceVersion: '42' },
  },
  null,
  2,
);

describe('JsonItemScanner', () => {
  it.each([1, 2, 3, 7, 64, 1 << 16])('finds every item of a List, whatever the chunk size (%i)', (size) => {
    const { items, envelope, result } = scan(LIST, size);
    expect(items.map((i) => (i as { metadata: { name: string } }).metadata.name)).toEqual([
      'a',
      'b',
      'é-ünïcode',
    ]);
    expect(envelope).toEqual({
      apiVersion: 'v1',
      kind: 'PodList',
      items: [],
      metadata: { resourceVersion: '42' },
    });
    expect(result.truncated).toBe(false);
    expect(result.items).toBe(3);
  });

  it('reports each item at its byte offset', () => {
    const text = '{"items":[{"a":1}, {"b":2}]}';
    expect(scan(text, 5).offsets).toEqual([10, 19]);
  });

  it('returns a document without items whole, as the envelope', () => {
    const { items, envelope } = scan('{"kind":"Pod","metadata":{"name":"x","items":[1]}}', 4);
    expect(items).toEqual([]);
    expect(envelope).toEqual({ kind: 'Pod', metadata: { name: 'x', items: [1] } });
  });

  it('treats a top-level array as a list of items', () => {
    const { items } = scan('[{"kind":"Pod"}, {"kind":"Node"}]', 3);
    expect(items).toEqual([{ kind: 'Pod' }, { kind: 'Node' }]);
  });

  it('hands scalar items over as they are, for the caller to reject', () => {
    const { items } = scan('{"items":[1, "two", {"three":3}, null]}', 2);
    expect(items).toEqual([1, 'two', { three: 3 }, null]);
  });

  it('flags a truncated file and keeps the items before the cut', () => {
    const cut = LIST.slice(0, LIST.indexOf('"b"') + 10);
    const { items, result } = scan(cut, 16);
    expect(items).toHaveLength(1);
    expect(result.truncated).toBe(true);
  });

  it('skips a byte-order mark', () => {
    const { items } = scan('\uFEFF{"items":[{"a":1}]}', 1);
    expect(items).toEqual([{ a: 1 }]);
  });

  it('reads an empty List', () => {
    const { items, envelope } = scan('{"kind":"List","items":[]}', 2);
    expect(items).toEqual([]);
    expect(envelope).toEqual({ kind: 'List', items: [] });
  });
});
