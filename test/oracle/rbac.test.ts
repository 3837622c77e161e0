// kubepath's who-can against the real kube-apiserver's authorizer on random RBAC (issue 21).
// A fresh seed each run, printed; rerun one with KUBEPATH_ORACLE_SEED=<seed>. A longer run:
// `pnpm oracle:rbac --requests 5000` (test/oracle/run-rbac-oracle.ts).
import { testCluster } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { generateCase } from './rbac-model.js';
import { runCase, serverBase, serverScopes, shrink } from './rbac-oracle.js';

const seed = Number(process.env.KUBEPATH_ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('who-can against SubjectAccessReview on the real API server', () => {
  it(
    `agrees on every (identity, request) pair of a random case (seed ${seed})`,
    { timeout: 300_000 },
    async () => {
      const state = testCluster();
      const [base, scopes] = await Promise.all([serverBase(state), serverScopes(state)]);
      const c = generateCase(seed, { roles: 28, bindings: 36, requests: 300 });
      // Unique per run: a namespace deleted by an earlier run may still be terminating.
      const prefix = `o${seed.toString(36)}${Date.now().toString(36).slice(-4)}`;
      const result = await runCase(state, c, prefix, base, scopes);
      console.log(
        `rbac oracle seed ${seed}: ${result.pairs} pairs (${result.allowed} allowed by the server), ` +
          `${result.mismatches.length} mismatches; apply ${result.seconds.apply.toFixed(1)} s, ` +
          `reviews ${result.seconds.reviews.toFixed(1)} s, kubepath ${result.seconds.kubepath.toFixed(1)} s`,
      );
      // Not vacuous: the server allows some pairs and denies others.
      expect(result.allowed).toBeGreaterThan(50);
      expect(result.allowed).toBeLessThan(result.pairs);
      if (result.mismatches.length) {
        const first = result.mismatches[0]!;
        const small = await shrink(state, c, first, base, scopes, (n) => `${prefix}s${n}`);
        console.log(
          `first mismatch, shrunk to ${small.objects.length} objects:\n` +
            JSON.stringify({ mismatch: first, objects: small.objects }, null, 2),
        );
      }
      expect(result.mismatches.slice(0, 20)).toEqual([]);
    },
  );
});
