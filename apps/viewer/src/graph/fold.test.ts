import { describe, expect, it } from 'vitest';
import type { Elements } from '../api/types.js';
import { foldLeaves, GROUP_MIN } from './canvas.js';

const node = (id: string, kind: string) => ({ data: { id, kind, name: id, label: id } });
const edge = (id: string, source: string, kind: string, target: string) => ({
  data: { id, source, target, kind, cost: 0, evidence: [] },
});

describe('foldLeaves', () => {
  it('folds alike leaves on one vertex by one edge kind, from GROUP_MIN on, never the focus', () => {
    const members = Array.from({ length: GROUP_MIN }, (_, i) => `sa:a/s${i}`);
    const elements: Elements = {
      nodes: [
        node('group:g', 'group'),
        node('sa:a/other', 'sa'),
        node('user:u', 'user'),
        ...members.map((m) => node(m, 'sa')),
      ],
      edges: [
        ...members.map((m, i) => edge(`e${i}`, m, 'MEMBER_OF', 'group:g')),
        edge('x1', 'user:u', 'MEMBER_OF', 'group:g'), // another kind of vertex: apart
        edge('x2', 'sa:a/other', 'MEMBER_OF', 'group:g'),
        edge('x3', 'sa:a/other', 'PERMISSION_DISCOVER', 'user:u'), // two edges: not a leaf
      ],
    };
    const folds = foldLeaves(elements, 'group:g');
    expect(folds).toHaveLength(1);
    expect(folds[0]!.members.map((m) => m.data.id).sort()).toEqual([...members].sort());
    expect(folds[0]).toMatchObject({ anchor: 'group:g', kind: 'MEMBER_OF', vertexKind: 'sa' });
    // One fewer than GROUP_MIN stays drawn one by one; the focus itself is never folded.
    const fewer = { nodes: elements.nodes.slice(0, -1), edges: elements.edges.slice(1) };
    expect(foldLeaves(fewer, 'group:g')).toHaveLength(0);
    expect(foldLeaves(elements, members[0]).flatMap((f) => f.members.map((m) => m.data.id))).not.toContain(
      members[0],
    );
  });
});
