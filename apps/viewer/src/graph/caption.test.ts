import { describe, expect, it } from 'vitest';
import { captionLines } from './caption.js';

describe('captionLines', () => {
  it('names the view, the snapshot and its date, the exploit mode and every what-if', () => {
    expect(
      captionLines(
        {
          view: 'paths',
          snapshot: 'demo',
          from: 'sa:ci/runner',
          to: 'target:etcd',
          k: 3,
          without: [{ kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' }],
          cut: [{ from: 'a:x', kind: 'POD_EXEC', to: 'b:y' }],
          hide: ['TOKEN_LIST'],
          namespaces: ['ci'],
          exploits: 'known',
        },
        { cluster: 'demo-cluster', createdAt: '2026-12-01T20:48:26.590Z' },
      ),
    ).toEqual([
      'sa:ci/runner → target:etcd',
      'demo-cluster, 2026-12-01 20:48 UTC',
      'exploits: known',
      'what if: without RoleBinding ci/runner-build-pods',
      'what if: without the edge POD_EXEC a:x → b:y',
      'searched without TOKEN_LIST',
      'namespaces: ci',
    ]);
  });
  it('falls back to the snapshot id, and says a neighbourhood hides rather than re-searches', () => {
    expect(
      captionLines(
        {
          view: 'graph',
          snapshot: 'x1',
          vertex: 'sa:a/b',
          depth: 1,
          limit: 500,
          hide: ['MEMBER_OF'],
          namespaces: [],
        },
        null,
      ),
    ).toEqual(['neighbourhood of sa:a/b', 'x1', 'exploits: assumed', 'hidden: MEMBER_OF']);
  });
});
