// Report benchmark: for a synthetic cluster, the time to make its report once the analysis is
// done (findings and fix candidates given), and to write it as JSON and HTML, with their sizes.
//
//   pnpm bench:report                                    # 150,000 pods, 5,000 nodes
//   pnpm bench:report -- --pods 30000 --nodes 1000
import { findings, fixCandidates, GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { buildReport, HTML_DRAWN, reportHtml } from '@kubepath/report';
import { benchOptions, ensureCluster, formatMs } from './bench-cluster.js';

const o = benchOptions(1);
ensureCluster(o);
const fmt = (ms: number) => formatMs(ms);
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

let t = performance.now();
const snapshot = await loadSnapshotFromFiles([o.dir]);
const index = new GraphIndex(buildAttackGraph(snapshot));
console.log(`loaded and built in ${fmt(performance.now() - t)}`);
t = performance.now();
const result = findings(index);
const fixes = fixCandidates(index, result.searches, { limit: 10 });
console.log(
  `analysis (findings and fix candidates): ${fmt(performance.now() - t)}, ${result.findings.length} findings`,
);

t = performance.now();
const report = buildReport({ snapshot, index, exploits: 'assumed', findings: result, fixes });
const buildMs = performance.now() - t;
t = performance.now();
const json = JSON.stringify(report, null, 2);
const jsonMs = performance.now() - t;
t = performance.now();
const html = reportHtml(report);
const htmlMs = performance.now() - t;
console.log(
  `report: built in ${fmt(buildMs)} (${report.findings.length} of ${report.counts.findings} findings listed${report.findingsTruncated ? ', capped' : ''}); JSON ${fmt(jsonMs)}, ${mib(Buffer.byteLength(json))}; HTML ${fmt(htmlMs)}, ${mib(Buffer.byteLength(html))} (${Math.min(HTML_DRAWN, report.findings.length)} paths drawn)`,
);
console.log(`report after the analysis, in all: ${fmt(buildMs + jsonMs + htmlMs)}`);
