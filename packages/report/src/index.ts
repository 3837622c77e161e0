/**
 * @kubepath/report — Findings to JSON, Markdown, HTML and SARIF reports.
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
