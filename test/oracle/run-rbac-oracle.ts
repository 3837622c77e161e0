// `pnpm oracle:rbac [--requests N] [--cases K] [--seed S]`: the RBAC differential test, longer
// than CI's (one case of 300 requests). Starts the test cluster when none runs (and stops it
// after). Exit 1 on any mismatch, with the first one shrunk.
import { parseArgs } from 'node:util';
import { testCluster } from '@kubepath/testkit';
import { runningCluster, start, stop } from '../../scripts/test-cluster.mjs';
import { generateCase } from './rbac-model.js';
import { runCase, serverBase, serverScopes, shrink } from './rbac-oracle.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    cases: { type: 'string', default: '3' },
    seed: { type: 'string' },
  },
});
const requests = Number(values.requests);
const cases = Number(values.cases);
const firstSeed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(cases) || cases < 1) {
  console.error('usage: pnpm oracle:rbac [--requests N] [--cases K] [--seed S]');
  process.exit(2);
}

const startedHere = !runningCluster();
if (startedHere) await start();
let failed = false;
try {
  const state = testCluster();
  const [base, scopes] = await Promise.all([serverBase(state), serverScopes(state)]);
  for (let i = 0; i < cases; i++) {
    const seed = firstSeed + i;
    const c = generateCase(seed, { roles: 28, bindings: 36, requests });
    const prefix = `o${seed.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const result = await runCase(state, c, prefix, base, scopes);
    console.log(
      `seed ${seed}: ${result.pairs} pairs, ${result.allowed} allowed, ${result.mismatches.length} mismatches ` +
        `(reviews ${result.seconds.reviews.toFixed(1)} s)`,
    );
    if (result.mismatches.length) {
      failed = true;
      const small = await shrink(state, c, result.mismatches[0]!, base, scopes, (n) => `${prefix}s${n}`);
      console.log(JSON.stringify({ mismatch: result.mismatches[0], objects: small.objects }, null, 2));
    }
  }
} finally {
  if (startedHere) await stop();
}
process.exit(failed ? 1 : 0);
