// kubepath's NetworkPolicy answers against netpol-analyzer's on random scenarios (issue 21).
// A fresh seed each run, printed; rerun one with KUBEPATH_ORACLE_SEED=<seed>. Where the tools
// differ by design the generator writes no case: NETPOL_DIFFERENCES names each, with why.
import { describe, expect, it } from 'vitest';
import { build } from '../../scripts/netpol-analyzer.mjs';
import { generateNetpolCase } from './netpol-model.js';
import { compareConnlists } from './netpol-oracle.js';

const seed = Number(process.env.KUBEPATH_ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SCENARIOS = 100;

describe('netpol connlist against netpol-analyzer', () => {
  it(
    `agrees line for line on ${SCENARIOS} random scenarios (seeds ${seed}…${seed + SCENARIOS - 1})`,
    { timeout: 600_000 },
    async () => {
      build();
      let lines = 0;
      const failures: { seed: number; onlyKubepath: string[]; onlyReference: string[] }[] = [];
      for (let i = 0; i < SCENARIOS; i++) {
        const c = generateNetpolCase(seed + i, { pods: 4 + (i % 6), policies: 1 + (i % 5) });
        const result = await compareConnlists(c);
        lines += result.reference.length;
        if (result.onlyKubepath.length || result.onlyReference.length)
          failures.push({
            seed: seed + i,
            onlyKubepath: result.onlyKubepath,
            onlyReference: result.onlyReference,
          });
      }
      console.log(
        `netpol oracle seeds ${seed}…${seed + SCENARIOS - 1}: ${lines} reference lines, ${failures.length} scenarios differ`,
      );
      // Not vacuous: the scenarios allow some connections.
      expect(lines).toBeGreaterThan(SCENARIOS);
      expect(failures.slice(0, 3)).toEqual([]);
    },
  );
});
