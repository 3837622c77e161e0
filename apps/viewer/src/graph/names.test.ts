import { describe, expect, it } from 'vitest';
import type { NodeData, PathsAnswer, PathStep } from '../api/types.js';
import { groupPaths, groupText, stopText, vertexLabel, vertexText } from './names.js';

const node = (id: string, extra: Partial<NodeData> = {}): NodeData => {
  const [kind, rest] = id.split(':') as [string, string];
  const [namespace, name] = rest.includes('/') ? rest.split(/\/(.*)/, 2) : [undefined, rest];
  return {
    id,
    kind,
    name: name!,
    label: extra.label ?? name!,
    ...(namespace ? { namespace } : {}),
    ...extra,
  };
};

const step = (from: string, kind: string, to: string): PathStep => ({ from, kind, to });

describe('vertex words', () => {
  it('names a container by its workload and namespace, a binding by its own name', () => {
    const c = node('container:shop/Deployment.storefront/web', {
      name: 'web',
      label: 'Deployment.storefront/web',
    });
    expect(vertexText(c)).toBe('container shop/storefront/web');
    expect(vertexLabel(c)).toBe('shop/storefront/web');
    const b = node('binding:ci/runner', { label: 'Role build-pods' });
    expect(vertexText(b)).toBe('RoleBinding ci/runner');
    expect(vertexLabel(b)).toBe('ci/runner');
  });
  it('names a Service by name, not by its type', () => {
    const s = node('service:shop/storefront', { label: 'LoadBalancer shop/storefront' });
    expect(vertexText(s)).toBe('Service shop/storefront');
  });
  it('keeps the labels of the internet, hubs and crown jewels, which say what they are', () => {
    expect(vertexText(node('external:internet', { label: 'the internet' }))).toBe('the internet');
    expect(vertexText(node('hub:secrets', { label: 'read every secret (cluster-wide)' }))).toBe(
      'read every secret (cluster-wide)',
    );
    expect(vertexText(node('target:etcd', { label: 'etcd: every secret of the cluster' }))).toBe('etcd');
  });
  it('names the replicas of a DaemonSet by the DaemonSet', () => {
    const p = node('pod:monitoring/DaemonSet.node-agent', { label: 'DaemonSet node-agent (any replica)' });
    expect(vertexText(p)).toBe('pod monitoring/node-agent');
  });
});

describe('groupPaths', () => {
  const nodes = [
    'external:internet',
    'service:a/front',
    'container:a/Deployment.front/web',
    'container:a/Deployment.other/web',
    'sa:a/front',
    'sa:a/other',
    'target:etcd',
  ].map((id) => ({ data: node(id) }));
  const answer = (paths: { cost: number; path: PathStep[] }[]): PathsAnswer => ({
    elements: { nodes, edges: [] },
    paths,
    truncated: false,
    unmatched: [],
    uncut: [],
  });
  const through = (container: string, sa: string, cost = 5) => ({
    cost,
    path: [
      step('external:internet', 'EXPOSED_TO_INTERNET', 'service:a/front'),
      step('service:a/front', 'ENDPOINT_EXPLOIT', container),
      step(container, 'IDENTITY_ASSUME', sa),
      step(sa, 'SECRET_READ', 'target:etcd'),
    ],
  });

  it('joins paths that differ in one run of at most two vertices, and says what varies', () => {
    const groups = groupPaths(
      answer([
        through('container:a/Deployment.front/web', 'sa:a/front'),
        through('container:a/Deployment.other/web', 'sa:a/other'),
      ]),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual([0, 1]);
    expect(groupText(groups[0]!)).toBe(
      'internet → Service a/front → container a/front/web or container a/other/web → service account a/front or service account a/other → etcd',
    );
  });
  it('keeps apart paths of another cost, and paths that differ in places not next to each other', () => {
    expect(
      groupPaths(
        answer([
          through('container:a/Deployment.front/web', 'sa:a/front'),
          through('container:a/Deployment.other/web', 'sa:a/other', 6),
        ]),
      ),
    ).toHaveLength(2);
    const apart = (container: string, sa: string) => ({
      cost: 5,
      path: [
        step('service:a/front', 'ENDPOINT_EXPLOIT', container),
        step(container, 'IDENTITY_ASSUME', 'sa:a/front'),
        step('sa:a/front', 'IMPERSONATE', sa),
      ],
    });
    expect(
      groupPaths(
        answer([
          apart('container:a/Deployment.front/web', 'sa:a/front'),
          apart('container:a/Deployment.other/web', 'sa:a/other'),
        ]),
      ),
    ).toHaveLength(2);
  });
  it('counts many alternatives instead of listing them', () => {
    expect(stopText(['container a/x', 'container a/y', 'container a/z', 'container a/w'])).toBe(
      'one of 4 containers (container a/x, …)',
    );
    expect(stopText(['pod a/x', 'pod a/y'])).toBe('pod a/x or pod a/y');
  });
});
