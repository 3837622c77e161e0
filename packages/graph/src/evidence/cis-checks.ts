/**
 * CIS node checks (kube-bench) as the graph reads them: which failures open a path, which
 * passes close an assumed one, and every other failure as a node finding.
 *
 * Checks are recognised by what they test, not only by number: the numbers differ between
 * benchmarks (the kubelet's anonymous auth is 4.2.1 in cis-1.x, 3.2.1 in eks-1.x and gke-1.x).
 * - API server `--anonymous-auth` (cis 1.2.1, controls of node_type master/controlplane):
 *   FAIL makes ANONYMOUS_API known, PASS removes it.
 * - kubelet `--anonymous-auth` (cis 4.2.1) and `--authorization-mode` not AlwaysAllow (cis
 *   4.2.2), node_type node. With AlwaysAllow every request the kubelet accepts is allowed:
 *   whoever reaches port 10250 runs commands in its pods (KUBELET_OPEN). With anonymous auth
 *   on but Webhook authorisation (4.2.2 passed), an anonymous request is authorised by the API
 *   server as system:anonymous (KUBELET_ANONYMOUS): its RBAC decides.
 *   https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
 * - etcd `--client-cert-auth` (cis 2.2, node_type etcd; not `--peer-client-cert-auth`): FAIL
 *   lets whoever reaches its client port (2379) read every key (ETCD_OPEN).
 *   https://etcd.io/docs/v3.5/op-guide/security/
 */
import type { CisCheck, CisResult, Snapshot } from '@kubepath/model';

/** A check as evidence: the check, and the file and node it came from. */
export interface CisCheckRef {
  check: CisCheck;
  file: string;
  node?: string;
}

/** What one node's kubelet and etcd answer, as its kube-bench result says. */
export interface NodePorts {
  /** 10250 runs commands for anyone who reaches it: the checks that say so (4.2.2, and 4.2.1 when it failed too). */
  kubeletOpen?: CisCheckRef[];
  /** 10250 takes anonymous requests, authorised as system:anonymous. */
  kubeletAnonymous?: CisCheckRef;
  /** 2379 serves anyone who reaches it. */
  etcdOpen?: CisCheckRef;
}

/** A failed check, for the node findings of reports; `opens` names the edge it opened. */
export interface NodeFinding {
  node?: string;
  file: string;
  id: string;
  text: string;
  target: string;
  remediation?: string;
  opens?: 'ANONYMOUS_API' | 'KUBELET_OPEN' | 'KUBELET_ANONYMOUS' | 'ETCD_OPEN';
}

export interface CisEvidence {
  /** The API server's anonymous auth: FAIL wins over PASS when results disagree. */
  apiAnonymous?: CisCheckRef;
  /** By node name. */
  nodes: Map<string, NodePorts>;
  findings: NodeFinding[];
  files: number;
  /** Files whose node kubepath could not tell (their kubelet and etcd checks open nothing). */
  unplaced: string[];
}

const isControlPlane = (target: string) => target === 'master' || target === 'controlplane';
const API_ANONYMOUS = (c: CisCheck) => isControlPlane(c.target) && /anonymous[- ]auth/i.test(c.text);
const KUBELET_ANONYMOUS = (c: CisCheck) => c.target === 'node' && /anonymous[- ]auth/i.test(c.text);
const KUBELET_AUTHZ = (c: CisCheck) =>
  c.target === 'node' && /authorization[- ]mode/i.test(c.text) && /AlwaysAllow/i.test(c.text);
const ETCD_CLIENT_CERT = (c: CisCheck) =>
  c.target === 'etcd' && /client-cert-auth/i.test(c.text) && !/peer/i.test(c.text);

/** Reads the snapshot's kube-bench results; undefined when there are none. */
export function readCisEvidence(snapshot: Snapshot): CisEvidence | undefined {
  const results = snapshot.evidence?.cisResults;
  if (!results?.length) return undefined;
  const out: CisEvidence = { nodes: new Map(), findings: [], files: results.length, unplaced: [] };
  for (const result of results) readResult(result, out);
  return out;
}

function readResult(result: CisResult, out: CisEvidence): void {
  const ref = (check: CisCheck): CisCheckRef => ({
    check,
    file: result.file,
    ...(result.node ? { node: result.node } : {}),
  });
  const find = (test: (c: CisCheck) => boolean) => result.checks.find(test);
  const api = find(API_ANONYMOUS);
  if (api && (api.status === 'FAIL' || api.status === 'PASS') && out.apiAnonymous?.check.status !== 'FAIL')
    out.apiAnonymous = ref(api);

  const anonymous = find(KUBELET_ANONYMOUS);
  const authz = find(KUBELET_AUTHZ);
  const etcd = find(ETCD_CLIENT_CERT);
  const opens = new Map<CisCheck, NodeFinding['opens']>();
  if (api?.status === 'FAIL') opens.set(api, 'ANONYMOUS_API');
  const ports: NodePorts = {};
  if (authz?.status === 'FAIL') {
    ports.kubeletOpen = [ref(authz), ...(anonymous?.status === 'FAIL' ? [ref(anonymous)] : [])];
  } else if (anonymous?.status === 'FAIL') {
    // Webhook authorisation (4.2.2 passed) asks the API server about system:anonymous; with
    // no word on the mode, kube-bench's anonymous failure is read as the open kubelet it
    // usually is (AlwaysAllow is the kubelet's default without a config file).
    if (authz?.status === 'PASS') ports.kubeletAnonymous = ref(anonymous);
    else ports.kubeletOpen = [ref(anonymous)];
  }
  if (etcd?.status === 'FAIL') ports.etcdOpen = ref(etcd);
  for (const r of ports.kubeletOpen ?? []) opens.set(r.check, 'KUBELET_OPEN');
  if (ports.kubeletAnonymous) opens.set(ports.kubeletAnonymous.check, 'KUBELET_ANONYMOUS');
  if (ports.etcdOpen) opens.set(ports.etcdOpen.check, 'ETCD_OPEN');

  const placed = result.node !== undefined;
  if (ports.kubeletOpen || ports.kubeletAnonymous || ports.etcdOpen) {
    if (placed) out.nodes.set(result.node!, { ...out.nodes.get(result.node!), ...ports });
    else out.unplaced.push(result.file);
  }
  for (const check of result.checks) {
    if (check.status !== 'FAIL') continue;
    const edge = opens.get(check);
    out.findings.push({
      ...(result.node ? { node: result.node } : {}),
      file: result.file,
      id: check.id,
      text: check.text,
      target: check.target,
      ...(check.remediation ? { remediation: check.remediation } : {}),
      // A node check of an unplaced file opens nothing: the finding says so by leaving `opens` out.
      ...(edge && (edge === 'ANONYMOUS_API' || placed) ? { opens: edge } : {}),
    });
  }
}

/** The evidence item of an edge a check opened. */
export function cisEvidence(ref: CisCheckRef, note: string) {
  return {
    kind: 'kube-bench',
    name: ref.check.id,
    path: ref.file,
    note: `${ref.check.status}${ref.node ? ` on ${ref.node}` : ''}, "${ref.check.text}": ${note}`,
  };
}
