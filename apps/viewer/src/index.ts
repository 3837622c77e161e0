/**
 * @kubepath/viewer — The kubepath web viewer.
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
