/** kubepath's version, as reports and the CLI state it. */
export const KUBEPATH_VERSION = '0.1.0';
