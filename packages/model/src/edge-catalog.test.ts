import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGE_CATALOG, EDGE_KINDS, isEdgeKind, type EdgeKindSpec } from './edge-catalog.js';
import { renderEdgeCatalogMarkdown } from './edge-docs.js';
import { VERTEX_KINDS } from './vertex.js';

/** Steps of the graph's own making, which no attacker performs: no ATT&CK technique. */
const UNTAGGED = new Set(['HUB_MEMBER']);

describe('edge catalog', () => {
  it.each(EDGE_KINDS)('%s has a complete, well-formed entry', (kind) => {
    const spec: EdgeKindSpec = EDGE_CATALOG[kind];
    // UPPER_SNAKE: also a valid Neo4j relationship type.
    expect(kind).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(spec.from.length).toBeGreaterThan(0);
    expect(spec.to.length).toBeGreaterThan(0);
    for (const v of [...spec.from, ...spec.to]) expect(Object.keys(VERTEX_KINDS)).toContain(v);
    expect(spec.description.length).toBeGreaterThan(20);
    expect(spec.remediation.length).toBeGreaterThan(10);
    if (UNTAGGED.has(kind)) expect(spec.mitre).toBeUndefined();
    else {
      expect(spec.mitre?.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(spec.mitre!.name.length).toBeGreaterThan(3);
    }
    expect(Number.isInteger(spec.cost) && spec.cost >= 0 && spec.cost <= 10).toBe(true);
  });

  it('covers every abuse DESIGN.md requires', () => {
    const required = [
      'MEMBER_OF',
      'PERMISSION_DISCOVER',
      'POD_CREATE',
      'POD_PATCH',
      'POD_EXEC',
      'POD_ATTACH_STREAM',
      'POD_EPHEMERAL_CONTAINER',
      'POD_PORT_FORWARD',
      'TOKEN_LIST',
      'TOKEN_BRUTEFORCE',
      'SECRET_SA_TOKEN',
      'TOKEN_SECRET_CREATE',
      'TOKEN_REQUEST',
      'IDENTITY_IMPERSONATE',
      'ROLE_BIND',
      'ROLE_ESCALATE',
      'NODE_PROXY',
      'CSR_FORGE',
      'WEBHOOK_CONTROL',
      'NAMESPACE_PSA_WEAKEN',
      'AWS_AUTH_PATCH',
      'CLUSTER_ADMIN',
      'IDENTITY_ASSUME',
      'SECRET_MOUNT',
      'CE_PRIV_MOUNT',
      'CE_SYS_ADMIN',
      'CE_MODULE_LOAD',
      'CE_SYS_PTRACE',
      'CE_NSENTER',
      'CE_DAC_READ_SEARCH',
      'CE_UMH_CORE_PATTERN',
      'EXPLOIT_HOST_READ',
      'EXPLOIT_HOST_WRITE',
      'EXPLOIT_HOST_TRAVERSE',
      'EXPLOIT_CONTAINERD_SOCK',
      'EXPLOIT_ETCD_DATA',
      'SHARE_PS_NAMESPACE',
      'POD_ATTACH',
      'EXPOSED_TO_INTERNET',
      'NETWORK_REACH',
      'ENDPOINT_EXPLOIT',
      'ETCD_ACCESS',
    ];
    expect(required.filter((k) => !isEdgeKind(k))).toEqual([]);
  });

  it('keeps KubeHound names only for edges that KubeHound has', () => {
    const kubehound = new Set([
      'CE_MODULE_LOAD',
      'CE_NSENTER',
      'CE_PRIV_MOUNT',
      'CE_SYS_PTRACE',
      'CE_UMH_CORE_PATTERN',
      'CE_VAR_LOG_SYMLINK',
      'CONTAINER_ATTACH',
      'ENDPOINT_EXPLOIT',
      'EXPLOIT_HOST_READ',
      'EXPLOIT_HOST_WRITE',
      'EXPLOIT_HOST_TRAVERSE',
      'IDENTITY_ASSUME',
      'IDENTITY_IMPERSONATE',
      'PERMISSION_DISCOVER',
      'POD_ATTACH',
      'POD_CREATE',
      'POD_EXEC',
      'POD_PATCH',
      'ROLE_BIND',
      'SHARE_PS_NAMESPACE',
      'TOKEN_BRUTEFORCE',
      'TOKEN_LIST',
      'TOKEN_STEAL',
      'EXPLOIT_CONTAINERD_SOCK',
    ]);
    for (const kind of EDGE_KINDS) {
      const spec = EDGE_CATALOG[kind];
      if ('kubehound' in spec) expect(kubehound.has(spec.kubehound)).toBe(true);
    }
  });

  it('rejects names that are not in the catalog', () => {
    expect(isEdgeKind('TOTALLY_MADE_UP')).toBe(false);
    expect(isEdgeKind('toString')).toBe(false);
  });

  it('matches docs/edges.md (regenerate with `pnpm docs:edges`)', () => {
    const onDisk = readFileSync(new URL('../../../docs/edges.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderEdgeCatalogMarkdown());
  });
});
