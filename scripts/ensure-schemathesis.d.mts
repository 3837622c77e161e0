// Types for ensure-schemathesis.mjs (plain JavaScript, run before the tests without a build).
export const SCHEMATHESIS_VERSION: string;
export const venv: string;
export const schemathesisBin: string;
