// What a snapshot could not see: forbidden or failed kinds, and kinds forbidden in some namespaces.
import { describe, expect, it } from 'vitest';
import { coverageGaps } from './coverage-gaps.js';
import type { Coverage } from './snapshot.js';

const coverage = (resources: Coverage['resources']): Coverage => ({
  resources,
  inputs: [],
  skipped: [],
  skippedTotal: 0,
  unknownKinds: {},
  ignored: {},
  duplicates: 0,
});

describe('coverageGaps', () => {
  it('names forbidden and failed kinds, and the namespaces a listed kind was forbidden in', () => {
    const gaps = coverageGaps(
      coverage([
        { kind: 'Secret', status: 'forbidden', count: 0, reason: 'this identity may not list it' },
        { kind: 'Pod', status: 'listed', count: 9, forbiddenNamespaces: ['payments'] },
        { kind: 'Node', status: 'failed', count: 0, reason: '500 boom' },
      ]),
    );
    expect(gaps.map((g) => [g.kind, g.status])).toEqual([
      ['Secret', 'forbidden'],
      ['Pod', 'partly forbidden'],
      ['Node', 'failed'],
    ]);
    expect(gaps[0]!.summary).toMatch(/^Secret \(forbidden\): legacy service-account tokens/);
    expect(gaps[1]!.summary).toMatch(/^Pod \(partly forbidden in 1 namespace\(s\): payments\): running pods/);
  });
  it('is empty when everything was listed, present, or absent from the files', () => {
    expect(
      coverageGaps(
        coverage([
          { kind: 'Pod', status: 'listed', count: 3 },
          { kind: 'Role', status: 'present', count: 1 },
          { kind: 'Ingress', status: 'absent', count: 0 },
        ]),
      ),
    ).toEqual([]);
  });
});
