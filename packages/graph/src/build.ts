/** Snapshot → AttackGraph: runs the rule modules in order over one inventory. */
import type { Snapshot } from '@kubepath/model';
import { GraphBuilder, type AttackGraph } from './graph-builder.js';
import { linkHubs } from './hub-links.js';
import { addMemberships, addWellKnownVertices } from './identities.js';
import { Inventory } from './inventory.js';
import { RbacAuthorizer } from './rbac/authorizer.js';
import { addRbacGraph, isEks } from './rbac/rbac-graph.js';
import { addPodAndNodeVertices } from './workloads/workload-graph.js';

/** Builds the attack graph of a snapshot. Pure: no I/O. */
export function buildAttackGraph(snapshot: Snapshot): AttackGraph {
  const b = new GraphBuilder();
  const inv = new Inventory(snapshot);
  const auth = new RbacAuthorizer(snapshot);
  addWellKnownVertices(b);
  addPodAndNodeVertices(b, inv);
  addRbacGraph({ b, inv, isEks: isEks(snapshot) }, auth);
  linkHubs(b, inv);
  addMemberships(b, inv);
  return b.build();
}
