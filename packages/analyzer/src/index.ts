/**
 * @kubepath/analyzer — Queries over the attack graph.
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
