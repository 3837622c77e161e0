// A stored analysis read back answers exactly as the analysis that wrote it (performance
// issue, "re-open without rebuilding"): the same graph, edge by edge and vertex by vertex in
// the same order, the same index rows, findings and searches, and the same answers to every
// query the API asks of it, in every exploit mode. A file from other code is refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXPLOIT_MODES,
  GraphIndex,
  StaleAnalysis,
  blastRadius,
  decodeAnalysis,
  encodeAnalysis,
  findings,
  fixCandidates,
  indexForExploits,
  paths,
  whoCanReach,
  type StoredAnalysis,
} from '@kubepath/analyzer';
import { runCli } from '@kubepath/cli';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { corpusDir, demoClusterDir, repoRoot } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

const FINGERPRINT = 'test 1';

/** A synthetic cluster of a few thousand pods (the CLI's gen), for a graph with every rule busy. */
async function generated(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubepath-stored-')), 'cluster');
  const io = { stdout: () => {}, stderr: () => {}, isInteractive: false };
  const code = await runCli(['gen', '-o', dir, '--pods', '3000', '--nodes', '100', '--seed', '3'], io);
  expect(code).toBe(0);
  return dir;
}

const inputs: Record<string, () => string[] | Promise<string[]>> = {
  'the demo cluster with its vulnerability evidence': () => [
    demoClusterDir(),
    join(repoRoot(), 'examples', 'demo-evidence'),
  ],
  "KubeHound's test cluster": () => [corpusDir('kubehound', 'test', 'setup', 'test-cluster')],
  'a generated cluster of 3,000 pods': async () => [await generated()],
};

const json = (x: unknown) => JSON.stringify(x);

describe.each(Object.keys(inputs))('a stored analysis of %s', (name) => {
  let fresh: StoredAnalysis;
  let restored: StoredAnalysis;
  let bytes: Buffer;
  beforeAll(async () => {
    const graph = buildAttackGraph(await loadSnapshotFromFiles(await inputs[name]!()));
    const index = new GraphIndex(graph);
    fresh = { graph, index, findings: findings(index) };
    bytes = Buffer.concat(encodeAnalysis(fresh, FINGERPRINT));
    restored = decodeAnalysis(bytes, FINGERPRINT);
  });

  it('holds the same graph: vertices in the same order, edges with the same evidence', () => {
    expect(restored.graph.edges.length).toBeGreaterThan(50);
    expect(json([...restored.graph.vertices])).toBe(json([...fresh.graph.vertices]));
    expect(json(restored.graph.edges)).toBe(json(fresh.graph.edges));
    expect(json(restored.graph.notes)).toBe(json(fresh.graph.notes));
    expect(json(restored.graph.evidence)).toBe(json(fresh.graph.evidence));
  });

  it('holds the same index rows and searches', () => {
    const { index } = restored;
    expect(index.ids).toEqual(fresh.index.ids);
    for (const field of ['outStart', 'outEdges', 'inStart', 'inEdges', 'edgeFrom', 'edgeTo', 'cost'] as const)
      expect(Array.from(index[field]), field).toEqual(Array.from(fresh.index[field]));
    expect([...restored.findings.searches.keys()]).toEqual([...fresh.findings.searches.keys()]);
    for (const [jewel, s] of fresh.findings.searches) {
      const r = restored.findings.searches.get(jewel)!;
      expect(Array.from(r.dist)).toEqual(Array.from(s.dist));
      expect(Array.from(r.via)).toEqual(Array.from(s.via));
      expect(r.order).toEqual(s.order);
    }
  });

  it('answers findings, who-can-reach, blast radius, paths and fix candidates the same in every mode', () => {
    const { searches: _a, ...freshFindings } = fresh.findings;
    const { searches: _b, ...restoredFindings } = restored.findings;
    expect(json(restoredFindings)).toBe(json(freshFindings));
    expect(fresh.findings.findings.length).toBeGreaterThan(0);
    for (const mode of EXPLOIT_MODES) {
      const [a, b] = [indexForExploits(fresh.index, mode), indexForExploits(restored.index, mode)];
      expect(json(findings(b)), `findings ${mode}`).toBe(json(findings(a)));
      for (const jewel of fresh.findings.jewels) {
        expect(json(whoCanReach(b, jewel)), `${mode} who-can-reach ${jewel}`).toBe(
          json(whoCanReach(a, jewel)),
        );
      }
      const entry = fresh.findings.findings[0]!.entries[0]!.id;
      const jewel = fresh.findings.findings[0]!.jewel;
      expect(json(blastRadius(b, entry))).toBe(json(blastRadius(a, entry)));
      expect(json(paths(b, entry, jewel, { k: 5 }))).toBe(json(paths(a, entry, jewel, { k: 5 })));
      const [fa, fb] = [findings(a), findings(b)];
      expect(json(fixCandidates(b, fb.searches, { limit: 5 }))).toBe(
        json(fixCandidates(a, fa.searches, { limit: 5 })),
      );
    }
  });

  it('refuses a file written by other code, cut short, or not one', () => {
    expect(() => decodeAnalysis(bytes, 'test 2')).toThrow(StaleAnalysis);
    expect(() => decodeAnalysis(bytes, 'test 2')).toThrow(expect.objectContaining({ found: FINGERPRINT }));
    expect(() => decodeAnalysis(bytes.subarray(0, bytes.length - 9), FINGERPRINT)).toThrow(/cut short/);
    expect(() => decodeAnalysis(bytes.subarray(0, 200), FINGERPRINT)).toThrow(StaleAnalysis);
    expect(() => decodeAnalysis(Buffer.from('{"kind":"List"}'), FINGERPRINT)).toThrow(
      /not a kubepath analysis/,
    );
  });
});
