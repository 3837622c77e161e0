/** Snapshot → AttackGraph: runs the rule modules in order over one inventory. */
import type { CrownJewelConfig, Snapshot } from '@kubepath/model';
import { markCrownJewels } from './crown-jewels.js';
import { markTierZero } from './tier-zero.js';
import { GraphBuilder, type AttackGraph } from './graph-builder.js';
import { linkHubs } from './hub-links.js';
import { addMemberships, addWellKnownVertices } from './identities.js';
import { Inventory } from './inventory.js';
import { RbacAuthorizer } from './rbac/authorizer.js';
import { addRbacGraph, isEks } from './rbac/rbac-graph.js';
import { addWorkloadGraph } from './workloads/workload-graph.js';
import { addNetworkGraph, type NetworkOptions } from './network/network-graph.js';
import { addEvidence, type AppliedEvidence } from './evidence/apply.js';

export interface BuildOptions {
  /** Network semantics where Kubernetes leaves them open, and the anonymous API. */
  network?: NetworkOptions;
  /** User-defined crown jewels (besides the `kubepath.dev/crown-jewel=true` label). */
  crownJewels?: CrownJewelConfig;
  /** Called after each phase with its duration: for progress bars and benchmarks. */
  onPhase?: (phase: string, ms: number, graph: { vertices: number; edges: number }) => void;
}

/** Builds the attack graph of a snapshot. Pure: no I/O. */
export function buildAttackGraph(snapshot: Snapshot, options: BuildOptions = {}): AttackGraph {
  const b = new GraphBuilder();
  let inv!: Inventory;
  let auth!: RbacAuthorizer;
  const phase = (name: string, run: () => void) => {
    const started = performance.now();
    run();
    options.onPhase?.(name, performance.now() - started, {
      vertices: b.vertices.size,
      edges: b.edges.length,
    });
  };
  phase('inventory', () => {
    inv = new Inventory(snapshot);
    auth = new RbacAuthorizer(snapshot);
    addWellKnownVertices(b);
  });
  let evidence!: AppliedEvidence;
  phase('workloads', () => addWorkloadGraph({ b, inv, auth }));
  phase('evidence', () => (evidence = addEvidence(b, snapshot, inv)));
  phase('rbac', () => addRbacGraph({ b, inv, isEks: isEks(snapshot) }, auth));
  phase('hubs', () => linkHubs(b, inv));
  phase('network', () => addNetworkGraph(b, inv, options.network, auth, evidence));
  phase('identities', () => addMemberships(b, inv));
  phase('crown jewels', () => {
    markCrownJewels(b, inv, options.crownJewels);
    markTierZero(b, inv, options.crownJewels);
  });
  return b.build();
}
