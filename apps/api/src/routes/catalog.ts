/**
 * The catalog as JSON: every edge kind (description, MITRE technique, cost, remediation) and
 * every vertex kind. Clients such as the viewer read meanings from here instead of keeping a
 * copy that would drift from packages/model.
 */
import { EDGE_CATALOG, VERTEX_KINDS } from '@kubepath/model';

/** The catalog document served at GET /api/v1/catalog. */
export function catalogDocument() {
  return {
    edges: Object.entries(EDGE_CATALOG).map(([kind, spec]) => ({ kind, ...spec })),
    vertices: Object.entries(VERTEX_KINDS).map(([kind, description]) => ({ kind, description })),
  };
}
