/**
 * The edge catalog: every kind of attack-graph edge, defined once as data (DESIGN.md "Edges").
 * Everything else — docs/edges.md, report text, viewer colours, Neo4j relationship types —
 * is generated from or read out of this table. Names follow KubeHound's where the meaning is
 * the same (see ../shared/reference/kubehound-edges.md); the others are kubepath's own.
 *
 * Cost is the attacker's effort: 0 structural, 1 direct use of a permission or a spec field,
 * 2–3 several steps or noisy, 5+ an exploit of a running service. A path's cost is the sum.
 */
import type { VertexKind } from './vertex.js';

/** The catalog's sections, as DESIGN.md groups them. */
export type EdgeCategory = 'identity' | 'workload' | 'network' | 'crown-jewel';

/** A MITRE ATT&CK technique (Enterprise / Containers matrix). */
export interface MitreTechnique {
  readonly id: string;
  readonly name: string;
}

/** One edge kind as data. */
export interface EdgeKindSpec {
  readonly category: EdgeCategory;
  readonly from: readonly VertexKind[];
  readonly to: readonly VertexKind[];
  readonly description: string;
  /**
   * The ATT&CK technique the step is. Absent for a step of the graph's own making that no
   * attacker performs (HUB_MEMBER: a hub stands for its members), so that no report or view
   * tags it with one (web viewer issue).
   */
  readonly mitre?: MitreTechnique;
  readonly cost: number;
  readonly remediation: string;
  /** The KubeHound edge of the same meaning, when there is one. */
  readonly kubehound?: string;
  /**
   * True when the step needs an exploit of a running service (not a permission or a spec
   * field): `--exploits none` leaves it out, `known` keeps it only into a container with a
   * known remotely exploitable vulnerability.
   */
  readonly exploit?: boolean;
}

const T = {
  validAccounts: { id: 'T1078', name: 'Valid Accounts' },
  defaultAccounts: { id: 'T1078.001', name: 'Valid Accounts: Default Accounts' },
  cloudAccounts: { id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' },
  permissionGroups: { id: 'T1069', name: 'Permission Groups Discovery' },
  deployContainer: { id: 'T1610', name: 'Deploy Container' },
  containerAdmin: { id: 'T1609', name: 'Container Administration Command' },
  escapeToHost: { id: 'T1611', name: 'Escape to Host' },
  stealToken: { id: 'T1528', name: 'Steal Application Access Token' },
  containerApi: { id: 'T1552.007', name: 'Unsecured Credentials: Container API' },
  credentialsInFiles: { id: 'T1552.001', name: 'Unsecured Credentials: Credentials In Files' },
  privateKeys: { id: 'T1552.004', name: 'Unsecured Credentials: Private Keys' },
  metadataApi: { id: 'T1552.005', name: 'Unsecured Credentials: Cloud Instance Metadata API' },
  clusterRoles: { id: 'T1098.006', name: 'Account Manipulation: Additional Container Cluster Roles' },
  forgeCerts: { id: 'T1649', name: 'Steal or Forge Authentication Certificates' },
  impairDefenses: { id: 'T1562', name: 'Impair Defenses' },
  taintShared: { id: 'T1080', name: 'Taint Shared Content' },
  externalServices: { id: 'T1133', name: 'External Remote Services' },
  exploitRemote: { id: 'T1210', name: 'Exploitation of Remote Services' },
  networkDiscovery: { id: 'T1046', name: 'Network Service Discovery' },
  tunneling: { id: 'T1572', name: 'Protocol Tunneling' },
  adversaryInTheMiddle: { id: 'T1557', name: 'Adversary-in-the-Middle' },
  dataFromRepository: { id: 'T1213', name: 'Data from Information Repositories' },
} as const satisfies Record<string, MitreTechnique>;

const RBAC_SUBJECTS = ['sa', 'user', 'group'] as const satisfies readonly VertexKind[];
/**
 * What a binding allows comes out of a binding vertex, or out of a `hub:role-grant/…` vertex
 * that stands for a role an attacker can grant itself (ROLE_BIND) and acts like a binding.
 */
const BINDINGS = ['binding', 'clusterbinding', 'hub'] as const satisfies readonly VertexKind[];
/**
 * Abuses that need two permissions (create bindings *and* bind; create CSRs *and* approve…)
 * come from the binding when one binding holds both, else from the identity that holds both.
 */
const HOLDERS = [...BINDINGS, ...RBAC_SUBJECTS] as const satisfies readonly VertexKind[];

/** The catalog. Keys are the edge kinds (UPPER_SNAKE, valid Neo4j relationship types). */
export const EDGE_CATALOG = {
  // ── Identity and RBAC ────────────────────────────────────────────────────────────────────
  MEMBER_OF: {
    category: 'identity',
    from: ['sa', 'user'],
    to: ['group'],
    description:
      'The identity is a member of the group, explicitly (a certificate or token names it) or implicitly (system:authenticated, system:serviceaccounts, system:serviceaccounts:<ns>, system:unauthenticated).',
    mitre: T.validAccounts,
    cost: 0,
    remediation:
      'Bind roles to narrower groups or to the identity itself; never grant rights to system:authenticated or system:unauthenticated.',
  },
  PERMISSION_DISCOVER: {
    category: 'identity',
    from: RBAC_SUBJECTS,
    to: BINDINGS,
    description: 'The subject is named by the (Cluster)RoleBinding, so it holds what the bound role allows.',
    mitre: T.permissionGroups,
    cost: 0,
    remediation: 'Remove the subject from the binding, or bind a role with fewer rules.',
    kubehound: 'PERMISSION_DISCOVER',
  },
  POD_CREATE: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub'],
    description:
      'The binding allows creating pods, or a workload that creates pods (Deployment, DaemonSet, StatefulSet, ReplicaSet, ReplicationController, Job, CronJob), in a namespace or cluster-wide.',
    mitre: T.deployContainer,
    cost: 1,
    remediation:
      'Remove create on pods and pod-creating workloads, or move what they can reach (powerful service accounts, secrets) out of the namespace; enforce Pod Security Admission.',
    kubehound: 'POD_CREATE',
  },
  POD_CREATE_AS_SA: {
    category: 'identity',
    from: ['hub'],
    to: ['sa', 'hub'],
    description:
      'Whoever can create pods in a namespace can run one as any service account of that namespace and read its token.',
    mitre: T.validAccounts,
    cost: 1,
    remediation: 'Keep powerful service accounts out of namespaces where others can create pods.',
  },
  POD_CREATE_MOUNT_SECRET: {
    category: 'identity',
    from: ['hub'],
    to: ['hub', 'secret'],
    description: 'A pod can mount any secret of its namespace, so creating pods there reads all of them.',
    mitre: T.containerApi,
    cost: 1,
    remediation: 'Keep sensitive secrets out of namespaces where others can create pods.',
  },
  POD_CREATE_PRIVILEGED: {
    category: 'identity',
    from: ['hub'],
    to: ['hub', 'node'],
    description:
      'Pod Security Admission does not forbid it (no enforce=baseline or restricted label on the namespace), so a created pod may be privileged, share the host PID namespace or mount the host filesystem, on any node it names.',
    mitre: T.escapeToHost,
    cost: 2,
    remediation:
      'Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted), or remove the pod-create right.',
  },
  POD_PATCH: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'pod'],
    description:
      "The binding allows patching or updating pods (swap a container's image) or pod-creating workloads (rewrite the pod template: any service account, any security context).",
    mitre: T.containerAdmin,
    cost: 1,
    remediation: 'Remove patch and update on pods and workloads; deploy through a reviewed pipeline instead.',
    kubehound: 'POD_PATCH',
  },
  POD_EXEC: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'pod'],
    description: 'The binding allows pods/exec: run commands in the containers of the pods it covers.',
    mitre: T.containerAdmin,
    cost: 1,
    remediation: 'Remove create (and get) on pods/exec; use audited break-glass access for debugging.',
    kubehound: 'POD_EXEC',
  },
  POD_ATTACH_STREAM: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'pod'],
    description: "The binding allows pods/attach: take over a running container's standard input and output.",
    mitre: T.containerAdmin,
    cost: 1,
    remediation: 'Remove create (and get) on pods/attach.',
  },
  POD_EPHEMERAL_CONTAINER: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'pod'],
    description:
      'The binding allows updating pods/ephemeralcontainers: add a debug container to a running pod, with its service account and volumes.',
    mitre: T.containerAdmin,
    cost: 1,
    remediation: 'Remove update and patch on pods/ephemeralcontainers.',
  },
  POD_PORT_FORWARD: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'pod'],
    description:
      'The binding allows pods/portforward: reach any port of the pod through the API server, whatever the NetworkPolicies say.',
    mitre: T.tunneling,
    cost: 1,
    remediation: 'Remove create on pods/portforward.',
  },
  TOKEN_LIST: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'secret'],
    description:
      'The binding allows list or watch on secrets: the answer carries every secret value, service-account tokens included.',
    mitre: T.stealToken,
    cost: 1,
    remediation: 'Remove list and watch on secrets; read single named secrets instead (resourceNames).',
    kubehound: 'TOKEN_LIST',
  },
  TOKEN_BRUTEFORCE: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'secret'],
    description:
      'The binding allows get on secrets: any secret whose name is known or guessed can be read, service-account token secrets included.',
    mitre: T.stealToken,
    cost: 2,
    remediation: 'Remove get on secrets, or limit it to named secrets with resourceNames.',
    kubehound: 'TOKEN_BRUTEFORCE',
  },
  HUB_MEMBER: {
    category: 'identity',
    from: ['hub'],
    to: ['hub', 'sa', 'user', 'group', 'pod', 'secret', 'node'],
    description:
      'A capability hub stands for each of its members: "exec in any pod of web" reaches every pod of web; a cluster-wide hub reaches the same hub of every namespace.',
    cost: 0,
    remediation: 'Structural: cut the edge into the hub.',
  },
  SECRET_SA_TOKEN: {
    category: 'identity',
    from: ['secret', 'hub'],
    to: ['sa'],
    description:
      'A legacy secret of type kubernetes.io/service-account-token holds a long-lived token of the service account it names.',
    mitre: T.stealToken,
    cost: 0,
    remediation: 'Delete legacy token secrets; use short-lived projected tokens (TokenRequest).',
  },
  TOKEN_SECRET_CREATE: {
    category: 'identity',
    from: HOLDERS,
    to: ['hub', 'sa'],
    description:
      'The binding allows creating secrets, and its subjects can read them back: a secret of type service-account-token annotated with a service account is filled with a long-lived token for it.',
    mitre: T.stealToken,
    cost: 2,
    remediation: 'Remove create on secrets where the same subjects can read secrets or create pods.',
  },
  TOKEN_REQUEST: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'sa'],
    description: 'The binding allows create on serviceaccounts/token: mint a token for the service account.',
    mitre: T.stealToken,
    cost: 1,
    remediation: 'Remove create on serviceaccounts/token, or limit it with resourceNames.',
  },
  IDENTITY_IMPERSONATE: {
    category: 'identity',
    from: HOLDERS,
    to: ['user', 'group', 'sa', 'hub'],
    description:
      'The binding allows impersonate on users, groups or serviceaccounts (as limited by resourceNames): act as that identity.',
    mitre: T.validAccounts,
    cost: 1,
    remediation: 'Remove impersonate, or limit it to named, harmless identities with resourceNames.',
    kubehound: 'IDENTITY_IMPERSONATE',
  },
  ROLE_BIND: {
    category: 'identity',
    from: HOLDERS,
    to: ['hub', 'binding', 'clusterbinding', 'target'],
    description:
      'The binding allows creating (Cluster)RoleBindings and bind (or escalate) on a role: grant that role, in that scope, to oneself.',
    mitre: T.clusterRoles,
    cost: 1,
    remediation:
      'Remove create on rolebindings/clusterrolebindings or bind/escalate on roles; name the roles with resourceNames.',
    kubehound: 'ROLE_BIND',
  },
  ROLE_ESCALATE: {
    category: 'identity',
    from: HOLDERS,
    to: ['hub', 'target'],
    description:
      'The binding allows escalate and update on a role its subjects are bound to: add any rule to it.',
    mitre: T.clusterRoles,
    cost: 1,
    remediation: 'Remove escalate on roles and clusterroles.',
  },
  NODE_PROXY: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'node'],
    description:
      "The binding allows nodes/proxy: talk to the kubelet's API directly, which runs commands in any pod on the node and bypasses the API server's audit and admission.",
    mitre: T.containerAdmin,
    cost: 1,
    remediation: 'Remove get and create on nodes/proxy (monitoring rarely needs more than nodes/metrics).',
  },
  CSR_FORGE: {
    category: 'identity',
    from: HOLDERS,
    to: ['hub', 'group', 'user'],
    description:
      'The binding allows creating CertificateSigningRequests, approving them (certificatesigningrequests/approval) and approve on the kube-apiserver-client signer: issue a client certificate for any user and group, system:masters included.',
    mitre: T.forgeCerts,
    cost: 2,
    remediation: 'Keep CSR approval and signer approve with the controller manager only.',
  },
  WEBHOOK_CONTROL: {
    category: 'identity',
    from: BINDINGS,
    to: ['hub', 'target'],
    description:
      'The binding allows writing mutating or validating webhook configurations: intercept every object sent to the API server, and rewrite new pods (service account, privileges).',
    mitre: T.impairDefenses,
    cost: 3,
    remediation:
      'Remove create, update and patch on mutatingwebhookconfigurations and validatingwebhookconfigurations.',
  },
  NAMESPACE_PSA_WEAKEN: {
    category: 'identity',
    from: HOLDERS,
    to: ['hub'],
    description:
      'The binding allows patching or updating a namespace: remove its pod-security.kubernetes.io/enforce label, then create privileged pods there.',
    mitre: T.impairDefenses,
    cost: 1,
    remediation:
      'Remove patch and update on namespaces; enforce Pod Security with a cluster-wide admission configuration.',
  },
  AWS_AUTH_PATCH: {
    category: 'identity',
    from: BINDINGS,
    to: ['group'],
    description:
      'The binding allows updating the EKS kube-system/aws-auth ConfigMap: map an AWS identity to system:masters.',
    mitre: T.clusterRoles,
    cost: 1,
    remediation: 'Remove write access to kube-system/aws-auth; move to EKS access entries.',
  },
  CLUSTER_ADMIN: {
    category: 'identity',
    from: ['binding', 'clusterbinding', 'group', 'hub', 'node'],
    to: ['target'],
    description:
      'Full power over the cluster: every verb on every resource cluster-wide, membership of system:masters (which bypasses RBAC), or a control-plane node.',
    mitre: T.validAccounts,
    cost: 0,
    remediation: 'Bind cluster-admin (or * on *) to as few, audited identities as possible.',
  },

  // ── Workloads and nodes ──────────────────────────────────────────────────────────────────
  CONTAINER_ATTACH: {
    category: 'workload',
    from: ['pod', 'hub'],
    to: ['container'],
    description: 'Control of a pod is control of each of its containers.',
    mitre: T.containerAdmin,
    cost: 0,
    remediation: 'Structural: cut the paths into the pod instead.',
    kubehound: 'CONTAINER_ATTACH',
  },
  POD_ATTACH: {
    category: 'workload',
    from: ['node', 'hub'],
    to: ['pod', 'hub'],
    description: 'Root on a node controls every pod running on it.',
    mitre: T.containerAdmin,
    cost: 0,
    remediation: 'Structural: keep sensitive pods off nodes that others can escape to (taints, node pools).',
    kubehound: 'POD_ATTACH',
  },
  IDENTITY_ASSUME: {
    category: 'workload',
    from: ['container', 'node'],
    to: ['sa', 'user'],
    description:
      "A container holds its pod's service-account token (mounted unless automountServiceAccountToken is false on the pod, or on the SA with the pod silent); a node holds its kubelet's credentials.",
    mitre: T.validAccounts,
    cost: 1,
    remediation:
      'Set automountServiceAccountToken: false where the pod does not call the API; give each workload its own SA.',
    kubehound: 'IDENTITY_ASSUME',
  },
  SECRET_MOUNT: {
    category: 'workload',
    from: ['container'],
    to: ['secret'],
    description:
      'The container has the secret: a secret volume, a projected source, env valueFrom.secretKeyRef or envFrom.',
    mitre: T.containerApi,
    cost: 1,
    remediation: 'Mount only the secrets the container needs; prefer short-lived credentials.',
  },
  NODE_SECRET_READ: {
    category: 'workload',
    from: ['user'],
    to: ['secret', 'sa', 'hub'],
    description:
      'The Node authorizer lets a kubelet identity read the secrets, configmaps and tokens of the pods bound to its node (NodeRestriction).',
    mitre: T.containerApi,
    cost: 1,
    remediation: 'Keep pods with sensitive secrets on dedicated nodes.',
  },
  SCHEDULE_ON_NODE: {
    category: 'workload',
    from: ['hub', 'pod'],
    to: ['node'],
    description:
      'A pod with no nodeName may land on any node its tolerations and node selector admit (a DaemonSet on all of them; a pod an attacker creates may name any node).',
    mitre: T.deployContainer,
    cost: 0,
    remediation: 'Structural: taints and node pools keep untrusted pods away from sensitive nodes.',
  },
  CE_PRIV_MOUNT: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description: 'A privileged container can mount the host disk and take over the node.',
    mitre: T.escapeToHost,
    cost: 1,
    remediation: 'Remove securityContext.privileged; enforce Pod Security baseline.',
    kubehound: 'CE_PRIV_MOUNT',
  },
  CE_SYS_ADMIN: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'CAP_SYS_ADMIN lets a container mount filesystems and abuse cgroup release agents to run code on the host.',
    mitre: T.escapeToHost,
    cost: 2,
    remediation: 'Drop SYS_ADMIN (capabilities.drop: [ALL]); enforce Pod Security baseline.',
  },
  CE_MODULE_LOAD: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description: 'CAP_SYS_MODULE (or privileged) lets a container load a kernel module into the host kernel.',
    mitre: T.escapeToHost,
    cost: 1,
    remediation: 'Drop SYS_MODULE and remove privileged; enforce Pod Security baseline.',
    kubehound: 'CE_MODULE_LOAD',
  },
  CE_SYS_PTRACE: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'CAP_SYS_PTRACE with the host PID namespace lets a container inject code into host processes.',
    mitre: T.escapeToHost,
    cost: 2,
    remediation: 'Remove hostPID or drop SYS_PTRACE.',
    kubehound: 'CE_SYS_PTRACE',
  },
  CE_NSENTER: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'A privileged container in the host PID namespace can nsenter into PID 1 and get a host shell.',
    mitre: T.escapeToHost,
    cost: 1,
    remediation: 'Remove hostPID and privileged.',
    kubehound: 'CE_NSENTER',
  },
  CE_DAC_READ_SEARCH: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'CAP_DAC_READ_SEARCH lets a container open host files by handle (open_by_handle_at) and read the host filesystem.',
    mitre: T.escapeToHost,
    cost: 2,
    remediation: 'Drop DAC_READ_SEARCH.',
  },
  CE_UMH_CORE_PATTERN: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      "Root with /proc/sys/kernel (or a parent) mounted from the host can set core_pattern: the host kernel runs the attacker's program.",
    mitre: T.escapeToHost,
    cost: 2,
    remediation: 'Remove the hostPath mount; run as non-root.',
    kubehound: 'CE_UMH_CORE_PATTERN',
  },
  CE_VAR_LOG_SYMLINK: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'With /var/log mounted from the host and pods/log read, a symlink in the log directory makes the kubelet read any host file.',
    mitre: T.escapeToHost,
    cost: 2,
    remediation: 'Remove the /var/log hostPath mount or the pods/log permission of its service account.',
    kubehound: 'CE_VAR_LOG_SYMLINK',
  },
  EXPLOIT_HOST_READ: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'A read-only hostPath mount of /, /etc or /root exposes host credentials (SSH keys, kubelet credentials, shadow).',
    mitre: T.credentialsInFiles,
    cost: 2,
    remediation: 'Remove the hostPath mount; enforce Pod Security baseline.',
    kubehound: 'EXPLOIT_HOST_READ',
  },
  EXPLOIT_HOST_WRITE: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'A writable hostPath mount of /, /etc or /root lets a container plant cron jobs, SSH keys or binaries on the host.',
    mitre: T.escapeToHost,
    cost: 1,
    remediation: 'Remove the hostPath mount or make it readOnly; enforce Pod Security baseline.',
    kubehound: 'EXPLOIT_HOST_WRITE',
  },
  EXPLOIT_HOST_TRAVERSE: {
    category: 'workload',
    from: ['container'],
    to: ['hub'],
    description:
      'A hostPath mount of /var/lib/kubelet (or a parent) exposes the projected service-account tokens of every pod on the node.',
    mitre: T.stealToken,
    cost: 1,
    remediation: 'Remove the hostPath mount of /var/lib/kubelet.',
    kubehound: 'EXPLOIT_HOST_TRAVERSE',
  },
  TOKEN_STEAL: {
    category: 'workload',
    from: ['hub', 'container'],
    to: ['sa'],
    description:
      "A service-account token lying on the node's disk (in the kubelet's pod volumes) is read and used.",
    mitre: T.stealToken,
    cost: 1,
    remediation: 'Cut the path to the node; keep powerful pods on dedicated nodes.',
    kubehound: 'TOKEN_STEAL',
  },
  EXPLOIT_CONTAINERD_SOCK: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub'],
    description:
      'A mounted container-runtime socket (docker, containerd, cri-o; the socket or a parent directory, even read-only) starts a privileged container on the host.',
    mitre: T.deployContainer,
    cost: 1,
    remediation: 'Never mount the runtime socket into workloads; use a build service instead.',
    kubehound: 'EXPLOIT_CONTAINERD_SOCK',
  },
  EXPLOIT_KUBE_CREDENTIALS: {
    category: 'workload',
    from: ['container'],
    to: ['node', 'hub', 'target'],
    description:
      'A hostPath mount of /etc/kubernetes exposes the kubelet credentials and, on a control-plane node, admin.conf and the cluster CA key.',
    mitre: T.privateKeys,
    cost: 1,
    remediation: 'Remove the hostPath mount of /etc/kubernetes.',
  },
  EXPLOIT_ETCD_DATA: {
    category: 'workload',
    from: ['container'],
    to: ['target'],
    description:
      'A hostPath mount of /var/lib/etcd or /etc/kubernetes/pki/etcd exposes the datastore or its client certificates: every secret of the cluster.',
    mitre: T.dataFromRepository,
    cost: 1,
    remediation: 'Remove the hostPath mount; only etcd itself needs its data directory.',
  },
  SHARE_PS_NAMESPACE: {
    category: 'workload',
    from: ['container'],
    to: ['container'],
    description:
      "With shareProcessNamespace, a container sees the other containers' processes, their environment and their filesystems (/proc/<pid>/root).",
    mitre: T.taintShared,
    cost: 1,
    remediation: 'Remove shareProcessNamespace, or keep only containers of equal trust in the pod.',
    kubehound: 'SHARE_PS_NAMESPACE',
  },
  HOST_NETWORK: {
    category: 'workload',
    from: ['container'],
    to: ['hub'],
    description:
      "A hostNetwork container is on the node's network: it reaches the kubelet, node-local services and traffic of other pods on the node.",
    mitre: T.adversaryInTheMiddle,
    cost: 2,
    remediation: 'Remove hostNetwork; enforce Pod Security baseline.',
  },

  // ── Network ──────────────────────────────────────────────────────────────────────────────
  EXPOSED_TO_INTERNET: {
    category: 'network',
    from: ['external'],
    to: ['service', 'hub', 'netclass', 'pod'],
    description:
      'Reachable from outside the cluster: a Service of type LoadBalancer or NodePort, an Ingress backend, or a hostPort.',
    mitre: T.externalServices,
    cost: 0,
    remediation: 'Expose only what must be public; put the rest behind an internal load balancer or a VPN.',
  },
  NETWORK_REACH: {
    category: 'network',
    from: ['container', 'netclass', 'hub', 'node'],
    to: ['netclass', 'hub'],
    description: 'The NetworkPolicies of both sides allow the connection (or no policy isolates them).',
    mitre: T.networkDiscovery,
    cost: 1,
    remediation: 'Add a default-deny NetworkPolicy and allow only the flows the application needs.',
  },
  DAEMONSET_REPLICA: {
    category: 'workload',
    from: ['pod'],
    to: ['pod'],
    description:
      "Any replica of a DaemonSet template is each of its replicas, one on every node it may run on: whoever controls 'any replica' (exec into the namespace's pods, the image) picks the node. A node controls only its own replica.",
    mitre: T.deployContainer,
    cost: 0,
    remediation:
      "Limit the DaemonSet's nodes (nodeSelector, affinity, tolerations) and who can reach its pods.",
  },
  ENDPOINT_EXPLOIT: {
    category: 'network',
    from: ['service', 'netclass', 'hub', 'pod'],
    to: ['container'],
    description:
      "A reachable listening port gives code execution in the container only through an exploit of the service behind it. Port-aware: the step exists only where the connections the NetworkPolicies allow include a port the container listens on, a declared containerPort (by number or name) or a Service targetPort that selects it (cost 6 when no container declares that port: any may listen). A container that declares no port and backs no Service is no network endpoint. hostNetwork pods are on the node's network, which policies do not select.",
    mitre: T.exploitRemote,
    cost: 5,
    remediation: 'Patch and harden the exposed service; restrict who can reach it.',
    kubehound: 'ENDPOINT_EXPLOIT',
    exploit: true,
  },
  ANONYMOUS_API: {
    category: 'network',
    from: ['external'],
    to: ['user'],
    description:
      'The API server answers anonymous requests (its default, assumed unless a kube-bench result says: a failed anonymous-auth check makes it known, a passed one removes it): the internet acts as system:anonymous.',
    mitre: T.defaultAccounts,
    cost: 1,
    remediation: 'Run the API server with --anonymous-auth=false, or keep it off the internet.',
  },
  KUBELET_OPEN: {
    category: 'network',
    from: ['external', 'netclass'],
    to: ['hub'],
    description:
      "The node's kubelet allows every request on port 10250 (kube-bench: --authorization-mode AlwaysAllow, or anonymous auth on without Webhook authorisation): whoever reaches the port runs commands in every pod on the node.",
    mitre: T.containerAdmin,
    cost: 1,
    remediation:
      'Run the kubelet with --anonymous-auth=false and --authorization-mode=Webhook (authentication.anonymous.enabled: false, authorization.mode: Webhook in its config file).',
  },
  KUBELET_ANONYMOUS: {
    category: 'network',
    from: ['external', 'netclass'],
    to: ['user'],
    description:
      "The node's kubelet takes anonymous requests on port 10250 (kube-bench: --anonymous-auth true) and has the API server authorise them: whoever reaches the port acts as system:anonymous, with what RBAC grants it.",
    mitre: T.defaultAccounts,
    cost: 1,
    remediation: 'Run the kubelet with --anonymous-auth=false (authentication.anonymous.enabled: false).',
  },
  ETCD_OPEN: {
    category: 'network',
    from: ['external', 'netclass'],
    to: ['target'],
    description:
      'etcd does not ask its clients for a certificate (kube-bench: --client-cert-auth not true): whoever reaches its client port (2379) reads every key, every secret included.',
    mitre: T.dataFromRepository,
    cost: 1,
    remediation:
      'Run etcd with --client-cert-auth=true and a --trusted-ca-file; keep port 2379 to the API servers.',
  },
  CLOUD_METADATA: {
    category: 'network',
    from: ['container', 'netclass', 'node'],
    to: ['cloud'],
    description:
      "The cloud metadata service (169.254.169.254) is reachable: it hands out the node's cloud credentials.",
    mitre: T.metadataApi,
    cost: 1,
    remediation: 'Block 169.254.169.254 with an egress NetworkPolicy; require IMDSv2 with a hop limit of 1.',
  },
  CLOUD_WORKLOAD_IDENTITY: {
    category: 'network',
    from: ['sa'],
    to: ['cloud'],
    description:
      'The service account is mapped to a cloud role (eks.amazonaws.com/role-arn, iam.gke.io/gcp-service-account, azure.workload.identity/client-id).',
    mitre: T.cloudAccounts,
    cost: 1,
    remediation: 'Give the cloud role least privilege; keep the service account for one workload.',
  },

  // ── Crown jewels ─────────────────────────────────────────────────────────────────────────
  ETCD_ACCESS: {
    category: 'crown-jewel',
    from: ['target', 'hub', 'node'],
    to: ['target'],
    description:
      'Every secret the datastore holds: cluster-admin can read them all, as can cluster-wide secret read or a control-plane node.',
    mitre: T.dataFromRepository,
    cost: 0,
    remediation: 'Limit cluster-wide secret read; encrypt secrets at rest; isolate control-plane nodes.',
  },
} as const satisfies Record<string, EdgeKindSpec>;

/** An edge kind: a key of the catalog. */
export type EdgeKind = keyof typeof EDGE_CATALOG;

/** Every edge kind, in catalog order. */
export const EDGE_KINDS = Object.keys(EDGE_CATALOG) as EdgeKind[];

/** The catalog entry of an edge kind. */
export function edgeSpec(kind: EdgeKind): EdgeKindSpec {
  return EDGE_CATALOG[kind];
}

/** True when `name` is an edge kind of the catalog. */
export function isEdgeKind(name: string): name is EdgeKind {
  return Object.hasOwn(EDGE_CATALOG, name);
}
