// The 23 netpol-analyzer cases of ../shared/corpus/netpol, line for line, in netpol-analyzer
// compatibility mode (pods reported as their controller, ipBlocks never match pods,
// hostNetwork pods treated as ordinary pods). Expected files may use the legacy IP form
// without "[External]", and exposure files hold the connlist before their "Exposure Analysis
// Result" header.
import { readFileSync } from 'node:fs';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { connlist, formatConnlist } from '@kubepath/graph';
import { corpusDir } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';

interface Case {
  case: string;
  manifestsDir: string;
  expectedOutput: string;
}
const index = JSON.parse(readFileSync(corpusDir('netpol', 'netpol-analyzer', 'index.json'), 'utf8')) as {
  cases: Case[];
};

function expectedLines(path: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('Exposure Analysis Result')) break;
    if (line.trim() === '' || line.includes('{ingress-controller}')) continue;
    // Legacy IP peers have no [External] suffix.
    out.push(
      line
        .replace(/^(\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+)( =>)/, '$1[External]$2')
        .replace(/=> (\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+) :/, '=> $1[External] :'),
    );
  }
  return out;
}

describe('netpol-analyzer corpus (compatibility mode)', () => {
  it.each(index.cases.map((c) => [c.case, c] as const))('%s', async (_name, c) => {
    const snapshot = await loadSnapshotFromFiles([corpusDir('netpol', 'netpol-analyzer', c.manifestsDir)]);
    const actual = formatConnlist(connlist(snapshot))
      .split('\n')
      .filter((l) => l !== '');
    expect(actual).toEqual(expectedLines(corpusDir('netpol', 'netpol-analyzer', c.expectedOutput)));
  });
});
