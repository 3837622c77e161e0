/**
 * What a snapshot could not see, and what that can hide: the kinds a live collection was not
 * allowed to list (or failed to), whole or in some namespaces. Any crown jewel may lie behind
 * any of them — a path is a chain of kinds — so each gap is said once, for every jewel.
 */
import type { Coverage } from './snapshot.js';

export interface CoverageGap {
  kind: string;
  /** `forbidden` or `failed` for the whole kind; `partly forbidden` when some namespaces were. */
  status: 'forbidden' | 'failed' | 'partly forbidden';
  /** The namespaces not seen, for a partly forbidden kind. */
  namespaces?: string[];
  /** What paths through the unseen objects would be made of. */
  hides: string;
  reason?: string;
  /** The gap in one line: `Secret (forbidden): legacy service-account tokens …`. */
  summary: string;
}

/** What an unseen kind can hide, in the words of the steps it makes. */
const HIDES: Record<string, string> = {
  Namespace: 'Pod Security labels (privileged pod creation is then assumed allowed)',
  Node: 'nodes and where pods run (escapes, node credentials, control-plane placement)',
  Pod: 'running pods: escapes to nodes, the identities they mount, the ports they listen on',
  ServiceAccount: 'service accounts: automounted tokens and their legacy token secrets',
  Secret: 'legacy service-account tokens and the secrets pods mount (token theft)',
  ConfigMap: 'the aws-auth mapping of IAM identities to groups (EKS)',
  Role: 'namespaced permissions (every RBAC step in a namespace)',
  ClusterRole: 'permissions (every RBAC step)',
  RoleBinding: 'who holds namespaced permissions (every RBAC step in a namespace)',
  ClusterRoleBinding: 'who holds cluster-wide permissions (every RBAC step)',
  Service: 'exposure to the internet and the ports pods are reached on',
  Endpoints: 'which pods back a Service',
  EndpointSlice: 'which pods back a Service',
  Ingress: 'exposure to the internet',
  NetworkPolicy:
    'isolation: without policies every pod counts as reachable, so paths may be too many, not too few',
  Deployment: 'workload templates (the pods a controller creates)',
  DaemonSet: 'workload templates (one pod per node)',
  StatefulSet: 'workload templates',
  ReplicaSet: 'workload templates',
  ReplicationController: 'workload templates',
  Job: 'workload templates',
  CronJob: 'workload templates',
  MutatingWebhookConfiguration: 'admission webhooks (who can intercept pod creation)',
  ValidatingWebhookConfiguration: 'admission webhooks',
  CertificateSigningRequest: 'certificate signing requests (forged client certificates)',
};

/** The kinds a snapshot could not see, whole or in part. */
export function coverageGaps(coverage: Coverage): CoverageGap[] {
  const gaps: Omit<CoverageGap, 'summary'>[] = [];
  for (const r of coverage.resources) {
    const hides = HIDES[r.kind] ?? 'objects of this kind';
    const reason = r.reason ?? undefined;
    if (r.status === 'forbidden' || r.status === 'failed')
      gaps.push({ kind: r.kind, status: r.status, hides, ...(reason ? { reason } : {}) });
    else if (r.forbiddenNamespaces?.length)
      gaps.push({ kind: r.kind, status: 'partly forbidden', namespaces: r.forbiddenNamespaces, hides });
  }
  return gaps.map((g) => {
    const where = g.namespaces
      ? ` in ${g.namespaces.length} namespace(s): ${g.namespaces.slice(0, 8).join(', ')}${g.namespaces.length > 8 ? ', …' : ''}`
      : '';
    return { ...g, summary: `${g.kind} (${g.status}${where}): ${g.hides}` };
  });
}
