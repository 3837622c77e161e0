import { describe, expect, it } from 'vitest';
import { GraphIndex } from '@kubepath/analyzer';
import { GraphBuilder } from '@kubepath/graph';
import { neighbourhood } from './cytoscape.js';

function index() {
  const b = new GraphBuilder();
  b.vertex('node:n1', { kind: 'node', name: 'n1' });
  b.vertex('pod:a/p', { kind: 'pod', namespace: 'a', name: 'p' });
  b.vertex('container:a/p/c', { kind: 'container', namespace: 'a', name: 'c' });
  b.vertex('sa:a/far', { kind: 'sa', namespace: 'a', name: 'far' });
  b.edge('POD_ATTACH', 'node:n1', 'pod:a/p', []);
  b.edge('CE_PRIV_MOUNT', 'container:a/p/c', 'node:n1', []);
  b.edge('CONTAINER_ATTACH', 'pod:a/p', 'container:a/p/c', []);
  b.edge('IDENTITY_ASSUME', 'container:a/p/c', 'sa:a/far', []);
  return new GraphIndex(b.build());
}

const kinds = (n: ReturnType<typeof neighbourhood>) =>
  n!.elements.edges.map((e) => `${e.data.source} ${e.data.kind} ${e.data.target}`).sort();

describe('neighbourhood', () => {
  it('draws the edges among the vertices it found, not only those it walked', () => {
    const n = neighbourhood(index(), 'node:n1', 1, 100)!;
    expect(n.elements.nodes.map((x) => x.data.id).sort()).toEqual(['container:a/p/c', 'node:n1', 'pod:a/p']);
    expect(kinds(n)).toEqual([
      'container:a/p/c CE_PRIV_MOUNT node:n1',
      'node:n1 POD_ATTACH pod:a/p',
      'pod:a/p CONTAINER_ATTACH container:a/p/c', // between two neighbours of the node
    ]);
    expect(n.truncated).toBe(false);
  });
  it('counts parallel edges against the cap too', () => {
    const b = new GraphBuilder();
    b.vertex('node:n1', { kind: 'node', name: 'n1' });
    b.vertex('pod:a/p', { kind: 'pod', namespace: 'a', name: 'p' });
    for (const kind of ['POD_ATTACH', 'POD_EXEC', 'POD_PATCH', 'TOKEN_STEAL', 'CE_NSENTER'] as const)
      b.edge(kind, 'node:n1', 'pod:a/p', []);
    const n = neighbourhood(new GraphIndex(b.build()), 'node:n1', 1, 4)!;
    expect(n.elements.nodes.length + n.elements.edges.length).toBe(4);
    expect(n.truncated).toBe(true);
  });
  it('keeps within its element cap and says it was cut', () => {
    const n = neighbourhood(index(), 'node:n1', 1, 10)!;
    expect(n.elements.nodes.length + n.elements.edges.length).toBeLessThanOrEqual(10);
    const tight = neighbourhood(index(), 'node:n1', 2, 6)!;
    expect(tight.elements.nodes.length + tight.elements.edges.length).toBeLessThanOrEqual(6);
    expect(tight.truncated).toBe(true);
    // …and how large the neighbourhood really is: all four vertices within two steps, four edges.
    expect(tight.size).toEqual({ vertices: 4, edges: 4 });
    expect(neighbourhood(index(), 'node:n1', 1, 100)!.size).toBeUndefined();
  });
  it('gives the true size of a cut neighbourhood: parallel edges each counted once', () => {
    const b = new GraphBuilder();
    b.vertex('node:n1', { kind: 'node', name: 'n1' });
    for (let i = 0; i < 30; i++) {
      b.vertex(`pod:a/p${i}`, { kind: 'pod', namespace: 'a', name: `p${i}` });
      b.edge('POD_ATTACH', 'node:n1', `pod:a/p${i}`, []);
      b.edge('POD_EXEC', 'node:n1', `pod:a/p${i}`, []);
    }
    const n = neighbourhood(new GraphIndex(b.build()), 'node:n1', 1, 20)!;
    expect(n.size).toEqual({ vertices: 31, edges: 60 });
  });
  it('answers null for an unknown vertex', () => {
    expect(neighbourhood(index(), 'node:none', 1, 100)).toBeNull();
  });
});
