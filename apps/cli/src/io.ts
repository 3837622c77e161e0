/** Where the CLI writes: injected, so tests run commands in-process and read what they print. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  isInteractive: boolean;
  /** The environment the CLI reads settings from (the load limits, KUBEPATH_MAX_*); none in tests. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isInteractive: Boolean(process.stderr.isTTY) && !process.env.CI,
  env: process.env,
};

/** Exit codes (DESIGN.md): 0 success, 1 findings over --fail-on, 2 bad usage or bad input. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown by a command to end with an exit code after printing its own message. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
