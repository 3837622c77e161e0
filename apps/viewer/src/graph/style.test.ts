import { describe, expect, it } from 'vitest';
import type { Catalog } from '../api/types.js';
import { edgeColour, edgeColours } from './style.js';

describe('edge colours', () => {
  it('gives every kind of a category its own colour (no repeat every fourth kind)', () => {
    const colours = Array.from({ length: 45 }, (_, i) => edgeColour(28, i));
    expect(new Set(colours).size).toBe(45);
  });
  it('keeps each kind near its category hue', () => {
    const catalog = {
      edges: Array.from({ length: 30 }, (_, i) => ({
        kind: `K${i}`,
        category: i % 2 ? 'network' : 'identity',
      })),
      vertices: [],
    } as unknown as Catalog;
    for (const [kind, colour] of edgeColours(catalog)) {
      const hue = Number(/hsl\((\d+)/.exec(colour)![1]);
      const base = Number(kind.slice(1)) % 2 ? 152 : 217;
      expect(Math.abs(hue - base)).toBeLessThanOrEqual(24);
    }
    expect(new Set(edgeColours(catalog).values()).size).toBe(30);
  });
});
