/** Renders the edge catalog as Markdown (docs/edges.md is this function's output). */
import { EDGE_CATALOG, EDGE_KINDS, type EdgeCategory, type EdgeKindSpec } from './edge-catalog.js';

const SECTIONS: Record<EdgeCategory, string> = {
  identity: 'Identity and RBAC',
  workload: 'Workloads and nodes',
  network: 'Network',
  'crown-jewel': 'Crown jewels',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The catalog as a Markdown document, one table per category. */
export function renderEdgeCatalogMarkdown(): string {
  const lines = [
    '# Edge catalog',
    '',
    '<!-- Generated from packages/model/src/edge-catalog.ts by `pnpm docs:edges`. Do not edit. -->',
    '',
    "Every edge of the attack graph has one of these kinds. Cost is the attacker's effort: 0 structural,",
    "1 direct use of a permission or a spec field, 2–3 several steps or noisy, 5+ an exploit. A path's cost",
    "is the sum of its edges' costs.",
  ];
  for (const [category, title] of Object.entries(SECTIONS)) {
    lines.push(
      '',
      `## ${title}`,
      '',
      '| Edge | From → to | Cost | MITRE ATT&CK | What it means | Remediation |',
      '|---|---|---|---|---|---|',
    );
    for (const kind of EDGE_KINDS) {
      const spec: EdgeKindSpec = EDGE_CATALOG[kind];
      if (spec.category !== category) continue;
      const name = 'kubehound' in spec ? `\`${kind}\` (KubeHound)` : `\`${kind}\``;
      lines.push(
        `| ${name} | ${spec.from.join(', ')} → ${spec.to.join(', ')} | ${spec.cost} | ${spec.mitre ? `${spec.mitre.id} ${cell(spec.mitre.name)}` : '— (structural)'} | ${cell(spec.description)} | ${cell(spec.remediation)} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
