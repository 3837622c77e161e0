/**
 * What exists in the snapshot, indexed the way the rule modules ask for it: namespaces,
 * service accounts, secrets and pods per namespace, nodes, and each namespace's Pod Security
 * Admission level. Computed once per graph build.
 */
import type { ServiceAccount, Snapshot } from '@kubepath/model';
import { effectivePods, podServiceAccount, type EffectivePod } from './workloads/pods.js';

/** Pod Security Admission `enforce` levels that forbid privileged pods, hostPID, hostPath… */
const PSA_FORBIDS_PRIVILEGED = new Set(['baseline', 'restricted']);
export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

export class Inventory {
  readonly namespaces = new Set<string>();
  readonly serviceAccounts = new Map<string, Set<string>>();
  /** ServiceAccount objects by `namespace/name`. */
  readonly serviceAccountObjects = new Map<string, ServiceAccount>();
  readonly secrets = new Map<string, string[]>();
  readonly pods: EffectivePod[];
  readonly podsByNamespace = new Map<string, EffectivePod[]>();
  readonly podsByNode = new Map<string, EffectivePod[]>();
  readonly nodes: string[];
  /** Namespace → its enforced PSA level, when it has one. */
  readonly psaEnforce = new Map<string, string>();
  /** True when the input holds Secret objects (else legacy token secrets cannot be ruled out). */
  readonly sawSecrets: boolean;

  constructor(readonly snapshot: Snapshot) {
    const o = snapshot.objects;
    for (const n of o.namespaces) {
      this.namespaces.add(n.metadata.name);
      const level = n.metadata.labels?.[PSA_ENFORCE_LABEL];
      if (level) this.psaEnforce.set(n.metadata.name, level);
    }
    this.nodes = o.nodes.map((n) => n.metadata.name);
    this.pods = effectivePods(snapshot);
    for (const pod of this.pods) {
      this.addServiceAccount(pod.namespace, podServiceAccount(pod.spec));
      push(this.podsByNamespace, pod.namespace, pod);
      if (pod.nodeName) push(this.podsByNode, pod.nodeName, pod);
    }
    for (const sa of o.serviceAccounts) {
      const ns = sa.metadata.namespace ?? 'default';
      this.addServiceAccount(ns, sa.metadata.name);
      this.serviceAccountObjects.set(`${ns}/${sa.metadata.name}`, sa);
    }
    for (const s of o.secrets) {
      const ns = s.metadata.namespace ?? 'default';
      this.namespaces.add(ns);
      push(this.secrets, ns, s.metadata.name);
    }
    for (const b of o.roleBindings) this.namespaces.add(b.metadata.namespace ?? 'default');
    // Kubernetes creates a `default` service account in every namespace.
    for (const ns of this.namespaces) this.addServiceAccount(ns, 'default');
    this.sawSecrets = o.secrets.length > 0;
  }

  addServiceAccount(namespace: string, name: string): void {
    this.namespaces.add(namespace);
    let set = this.serviceAccounts.get(namespace);
    if (!set) this.serviceAccounts.set(namespace, (set = new Set()));
    set.add(name);
  }

  /** True when Pod Security Admission stops privileged pods in the namespace. */
  forbidsPrivileged(namespace: string): boolean {
    return PSA_FORBIDS_PRIVILEGED.has(this.psaEnforce.get(namespace) ?? '');
  }

  /** Namespaces in a stable order. */
  sortedNamespaces(): string[] {
    return [...this.namespaces].sort();
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
