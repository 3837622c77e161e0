// The cyclonus simple example (../shared/corpus/netpol/cyclonus): a pod-level probe over
// synthetic pods. Cyclonus's semantics differ from netpol-analyzer's in two places, which are
// evaluator options here: ipBlocks match pod IPs, and a pod's traffic to itself is evaluated
// like any other. With those, the TCP 80 and 81 "Combined" tables match cell for cell.
import { readFileSync } from 'node:fs';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { NetworkPolicyEvaluator, type NetPod, type Protocol } from '@kubepath/graph';
import { corpusDir } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';

interface ProbeFile {
  Probes: { Protocol: string; Port: number }[];
  Resources: {
    Namespaces: Record<string, Record<string, string>>;
    Pods: {
      Namespace: string;
      Name: string;
      Labels: Record<string, string>;
      IP: string;
      Containers: { Port: number; PortName: string; Protocol: string }[];
    }[];
  };
}

const base = corpusDir('netpol', 'cyclonus', 'simple-example');
const probe = JSON.parse(readFileSync(`${base}/examples/probe.json`, 'utf8')) as ProbeFile;

/** The "Combined:" tables of analyze-probe.txt, in probe order: rows are sources, columns destinations. */
function combinedTables(): Map<string, string>[] {
  const text = readFileSync(`${base}/examples/cyclonus-output/analyze-probe.txt`, 'utf8');
  const tables: Map<string, string>[] = [];
  const blocks = text.split('Combined:').slice(1);
  for (const block of blocks) {
    // The table runs from the first border line to the first line that is not part of it.
    const lines = block.split('\n').slice(1);
    const end = lines.findIndex((l) => !l.startsWith('|') && !l.startsWith('+'));
    const rows = lines.slice(0, end < 0 ? lines.length : end).filter((l) => l.startsWith('|'));
    if (rows.length < 2) continue;
    const header = rows[0]!
      .split('|')
      .map((c) => c.trim())
      .slice(2, -1);
    const cells = new Map<string, string>();
    for (const row of rows.slice(1)) {
      const parts = row.split('|').map((c) => c.trim());
      const src = parts[1]!;
      header.forEach((dst, i) => cells.set(`${src} ${dst.toLowerCase()}`, parts[i + 2]!));
    }
    tables.push(cells);
  }
  return tables;
}

describe('cyclonus simple example', () => {
  it.each([0, 1])('probe %i (TCP 80, then 81): the Combined table, cell for cell', async (i) => {
    const snapshot = await loadSnapshotFromFiles([`${base}/networkpolicies`]);
    const evaluator = new NetworkPolicyEvaluator(
      snapshot.objects.networkPolicies,
      (ns) => probe.Resources.Namespaces[ns] ?? {},
      {
        ipBlockMatchesPods: true,
        hostNetwork: 'normal',
        selfTraffic: 'evaluate',
      },
    );
    const pods: NetPod[] = probe.Resources.Pods.map((p) => ({
      id: `${p.Namespace}/${p.Name}`,
      namespace: p.Namespace,
      labels: p.Labels,
      ports: p.Containers.map((c) => ({
        name: c.PortName,
        port: c.Port,
        protocol: c.Protocol.toUpperCase() as Protocol,
      })),
      ips: [
        {
          family: 'ipv4',
          lo: BigInt(p.IP.split('.').reduce((n, o) => n * 256 + Number(o), 0)),
          hi: BigInt(p.IP.split('.').reduce((n, o) => n * 256 + Number(o), 0)),
        },
      ],
      hostNetwork: false,
    }));
    const expected = combinedTables()[i]!;
    const { Protocol: protocol, Port: port } = probe.Probes[i]!;
    let compared = 0;
    for (const src of pods) {
      for (const dst of pods) {
        const cell = evaluator
          .allowed({ kind: 'pod', pod: src }, { kind: 'pod', pod: dst })
          .allows(protocol.toUpperCase() as Protocol, port)
          ? '.'
          : 'X';
        expect(`${src.id} ${dst.id} ${cell}`).toBe(
          `${src.id} ${dst.id} ${expected.get(`${src.id} ${dst.id}`)}`,
        );
        compared++;
      }
    }
    expect(compared).toBe(81);
  });
});
