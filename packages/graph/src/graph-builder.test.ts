import { describe, expect, it } from 'vitest';
import { seededRandom } from '@kubepath/testkit';
import { EdgeTable, GraphBuilder } from './graph-builder.js';

describe('EdgeTable', () => {
  it.each([1, 2, 3])(
    'agrees with a Map over 200,000 random sets and gets, through its growth (seed %i)',
    (seed) => {
      const next = seededRandom(seed);
      const table = new EdgeTable();
      const reference = new Map<string, number>();
      const wrong: string[] = [];
      // Small key ranges make collisions and overwrites common; large ones reach the 31-bit edge.
      const range = seed === 3 ? 2 ** 31 - 1 : 2_000;
      for (let i = 0; i < 200_000; i++) {
        const a = Math.floor(next() * range);
        const b = Math.floor(next() * range);
        if (next() < 0.6) {
          table.set(a, b, i);
          reference.set(`${a},${b}`, i);
        } else if (table.get(a, b) !== (reference.get(`${a},${b}`) ?? -1)) {
          wrong.push(`get(${a}, ${b}) after ${i} steps`);
        }
      }
      for (const [key, value] of reference) {
        const [a, b] = key.split(',').map(Number) as [number, number];
        if (table.get(a, b) !== value) wrong.push(`get(${a}, ${b}) at the end`);
      }
      expect(wrong).toEqual([]);
    },
  );

  it('tells (a, b) from (b, a)', () => {
    const table = new EdgeTable();
    table.set(1, 2, 7);
    expect(table.get(1, 2)).toBe(7);
    expect(table.get(2, 1)).toBe(-1);
  });
});

describe('GraphBuilder edge de-duplication', () => {
  it('keeps one edge per (kind, from, to) and merges its evidence', () => {
    const builder = new GraphBuilder();
    for (const id of ['sa:a/x', 'sa:a/y']) builder.vertex(id, { kind: 'sa', name: id });
    builder.edge('IDENTITY_IMPERSONATE', 'sa:a/x', 'sa:a/y', {
      kind: 'ClusterRole',
      name: 'one',
      path: '/rules/0',
    });
    builder.edge('IDENTITY_IMPERSONATE', 'sa:a/x', 'sa:a/y', {
      kind: 'ClusterRole',
      name: 'two',
      path: '/rules/0',
    });
    builder.edge('IDENTITY_IMPERSONATE', 'sa:a/y', 'sa:a/x', {
      kind: 'ClusterRole',
      name: 'one',
      path: '/rules/0',
    });
    expect(builder.hasEdge('IDENTITY_IMPERSONATE', 'sa:a/x', 'sa:a/y')).toBe(true);
    expect(builder.hasEdge('IDENTITY_IMPERSONATE', 'sa:a/y', 'sa:a/x')).toBe(true);
    expect(builder.hasEdge('POD_EXEC', 'sa:a/x', 'sa:a/y')).toBe(false);
    expect(builder.edges).toHaveLength(2);
    expect(builder.edges[0]!.evidence.map((e) => e.name)).toEqual(['one', 'two']);
  });

  it('refuses an edge to a vertex that was not added', () => {
    const builder = new GraphBuilder();
    builder.vertex('sa:a/x', { kind: 'sa', name: 'x' });
    expect(() => builder.edge('IDENTITY_IMPERSONATE', 'sa:a/x', 'sa:a/missing')).toThrow(/not added/);
  });
});
