/**
 * @kubepath/graph — Snapshot to AttackGraph: rbac, workloads and network rules.
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
