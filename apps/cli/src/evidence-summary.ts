/**
 * What evidence from other tools an analysis had, in words: so that "no known exploit" is
 * never read as "no vulnerability", nor "no open kubelet" as "kubelets checked".
 */
import type { CisSummary, EvidenceSummary } from '@kubepath/graph';
import { count } from './format.js';

/** Node findings listed in the text output; JSON has them all (up to the summary's cap). */
const NODE_FINDINGS_LISTED = 15;

/** The evidence paragraphs of analyze's text output. */
export function renderEvidence(evidence: EvidenceSummary | undefined): string {
  return renderVulnerabilities(evidence) + renderCis(evidence?.cis);
}

function renderVulnerabilities(evidence: EvidenceSummary | undefined): string {
  if (!evidence || (evidence.scans === 0 && !evidence.kev))
    return 'Vulnerability evidence: none given (no Trivy, trivy-operator or Grype report, no KEV catalog): every exploit step is an assumption, and --exploits known equals --exploits none\n';
  const lines = [
    `Vulnerability evidence: ${count(evidence.scans)} scan(s); ${count(evidence.containersWithReport)} of ${count(evidence.containers)} containers have a report (${count(evidence.containers - evidence.containersWithReport)} have none: no known exploit there means not scanned); ${count(evidence.knownExploitable)} with a known remotely exploitable vulnerability`,
    evidence.kev
      ? `  KEV catalog: ${evidence.kev.catalogVersion ? `version ${evidence.kev.catalogVersion}, ` : ''}${count(evidence.kev.ids)} CVEs, from ${evidence.kev.file}`
      : '  KEV catalog: not given (--kev FILE): only CVSS severity and vector make a known exploit',
  ];
  if (evidence.unmatchedTotal)
    lines.push(
      `  ${count(evidence.unmatchedTotal)} scan(s) match no container of the input: ${evidence.unmatched.slice(0, 5).join('; ')}${evidence.unmatchedTotal > 5 ? '; …' : ''}`,
    );
  return lines.join('\n') + '\n';
}

const API_ANONYMOUS = {
  PASS: 'off (a result passed it): no ANONYMOUS_API step',
  FAIL: 'on (a result failed it): ANONYMOUS_API is known, not assumed',
  none: 'not checked: ANONYMOUS_API is assumed (the default)',
};

function renderCis(cis: CisSummary | undefined): string {
  if (!cis)
    return "CIS node checks: none given (kube-bench JSON): kubelet and etcd settings are unknown, and the API server's anonymous auth is assumed on\n";
  const lines = [
    `CIS node checks (kube-bench): ${count(cis.files)} file(s), for ${cis.nodes.length ? cis.nodes.join(', ') : 'no node'}; API server anonymous auth ${API_ANONYMOUS[cis.apiAnonymous ?? 'none']}`,
  ];
  if (cis.unplaced.length)
    lines.push(
      `  no node named by ${cis.unplaced.join(', ')} (name the node in the file name or give --node): its kubelet and etcd checks open nothing`,
    );
  if (cis.unknownNodes.length)
    lines.push(`  results name nodes the input does not have: ${cis.unknownNodes.join(', ')}`);
  if (cis.findingsTotal) {
    lines.push(`  ${count(cis.findingsTotal)} failed check(s):`);
    for (const f of cis.findings.slice(0, NODE_FINDINGS_LISTED))
      lines.push(`    ${f.node ?? f.file}  ${f.id}  ${f.text}${f.opens ? `  → opens ${f.opens}` : ''}`);
    if (cis.findingsTotal > NODE_FINDINGS_LISTED)
      lines.push(
        `    … and ${count(cis.findingsTotal - NODE_FINDINGS_LISTED)} more (--json lists them with remediations)`,
      );
  }
  return lines.join('\n') + '\n';
}
