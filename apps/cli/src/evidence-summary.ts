/**
 * What vulnerability evidence an analysis had, in words: so that "no known exploit" is never
 * read as "no vulnerability".
 */
import type { EvidenceSummary } from '@kubepath/graph';
import { count } from './format.js';

/** One paragraph for the text output of analyze. */
export function renderEvidence(evidence: EvidenceSummary | undefined): string {
  if (!evidence)
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
