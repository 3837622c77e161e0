/**
 * @kubepath/api — The kubepath REST API (kubepath serve).
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
