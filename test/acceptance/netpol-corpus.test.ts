// The 23 netpol-analyzer cases of ../shared/corpus/netpol, line for line, in netpol-analyzer
// compatibility mode (pods reported as their controller, ipBlocks never match pods,
// hostNetwork pods treated as ordinary pods). Expected files may use the legacy IP form
// without "[External]", and exposure files hold the connlist before their "Exposure Analysis
// Result" header.
import { readFileSync } from 'node:fs';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { connlist, connlistPage, formatConnlist, type ConnlistCursor } from '@kubepath/graph';
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

describe('connlist pages (the API answers netpol a page at a time)', () => {
  it.each(index.cases.map((c) => [c.case, c] as const))(
    '%s: pages of 3 add up to the whole list',
    async (_name, c) => {
      const snapshot = await loadSnapshotFromFiles([corpusDir('netpol', 'netpol-analyzer', c.manifestsDir)]);
      const whole = connlist(snapshot);
      const paged: typeof whole = [];
      let cursor: ConnlistCursor | undefined;
      for (let pages = 0; pages < 1000; pages++) {
        const page = connlistPage(snapshot, undefined, { limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.lines.length).toBeLessThanOrEqual(3);
        paged.push(...page.lines);
        if (!page.next) break;
        expect(page.truncated).toEqual({ reason: 'result-cap', limit: 3 });
        cursor = page.next;
      }
      expect(paged).toEqual(whole);
    },
  );
  it('stops at the time budget with a cursor to go on from, instead of holding the caller', async () => {
    const big = index.cases.map((c) => c.manifestsDir).map((d) => corpusDir('netpol', 'netpol-analyzer', d));
    const snapshot = await loadSnapshotFromFiles(big);
    const page = connlistPage(snapshot, undefined, { budgetMs: 0 });
    expect(page.truncated?.reason).toBe('time-budget');
    expect(page.next).toBeDefined();
    const rest = connlistPage(snapshot, undefined, { cursor: page.next! });
    expect([...page.lines, ...rest.lines]).toEqual(connlist(snapshot));
  });
});
