// `pnpm oracle:netpol [--scenarios N] [--seed S]`: the NetworkPolicy differential test, longer
// than CI's (100 scenarios). Exit 1 when any scenario differs, each one printed with its seed.
import { parseArgs } from 'node:util';
import { build } from '../../scripts/netpol-analyzer.mjs';
import { generateNetpolCase } from './netpol-model.js';
import { compareConnlists } from './netpol-oracle.js';

const { values } = parseArgs({
  options: { scenarios: { type: 'string', default: '1000' }, seed: { type: 'string' } },
});
const scenarios = Number(values.scenarios);
const first = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(scenarios) || scenarios < 1) {
  console.error('usage: pnpm oracle:netpol [--scenarios N] [--seed S]');
  process.exit(2);
}
build();
let differ = 0;
let lines = 0;
for (let i = 0; i < scenarios; i++) {
  const seed = first + i;
  // Larger than CI's: up to 20 pods and 10 policies.
  const result = await compareConnlists(
    generateNetpolCase(seed, { pods: 4 + (i % 17), policies: 1 + (i % 10) }),
  );
  lines += result.reference.length;
  if (result.onlyKubepath.length || result.onlyReference.length) {
    differ++;
    console.log(
      JSON.stringify({ seed, onlyKubepath: result.onlyKubepath, onlyReference: result.onlyReference }),
    );
  }
}
console.log(
  `seeds ${first}…${first + scenarios - 1}: ${scenarios} scenarios, ${lines} reference lines, ${differ} differ`,
);
process.exit(differ ? 1 : 0);
