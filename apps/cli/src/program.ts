/** The kubepath command line: one commander program, one file per command. */
import { Command, CommanderError } from 'commander';
import { DEFAULT_INPUT_LIMITS, describeBytes, INPUT_LIMIT_ENV } from '@kubepath/collector';
import { KubepathError, KUBEPATH_VERSION } from '@kubepath/model';
import { analyzeCommand } from './commands/analyze.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { reportCommand } from './commands/report.js';
import { collectCommand } from './commands/collect.js';
import { genCommand } from './commands/gen.js';
import { whoCanCommand } from './commands/who-can.js';
import { whoCanReachCommand } from './commands/who-can-reach.js';
import { blastRadiusCommand } from './commands/blast-radius.js';
import { pathsCommand } from './commands/paths.js';
import { chokePointsCommand } from './commands/choke-points.js';
import { whatIfCommand } from './commands/what-if.js';
import { netpolCommand } from './commands/netpol.js';
import { serveCommand } from './commands/serve.js';
import { EXIT, ExitError, type CliIo } from './io.js';

export const VERSION = KUBEPATH_VERSION;

export function createProgram(io: CliIo): Command {
  const program = new Command('kubepath')
    .description('kubepath finds attack paths in Kubernetes clusters: who can get from here to there.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText('after', limitsHelp());
  for (const command of [
    collectCommand(io),
    analyzeCommand(io),
    reportCommand(io),
    diffCommand(io),
    exportCommand(io),
    whoCanReachCommand(io),
    pathsCommand(io),
    blastRadiusCommand(io),
    chokePointsCommand(io),
    whatIfCommand(io),
    whoCanCommand(io),
    netpolCommand(io),
    serveCommand(io),
    genCommand(io),
  ]) {
    program.addCommand(
      command
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
        .showHelpAfterError(),
    );
  }
  return program;
}

/** The load limits and the variables that raise them, for --help. */
function limitsHelp(): string {
  const rows = Object.entries(INPUT_LIMIT_ENV).map(([key, name]) => {
    const value = DEFAULT_INPUT_LIMITS[key as keyof typeof DEFAULT_INPUT_LIMITS];
    const shown =
      key === 'maxDocuments' || key === 'maxDepth' ? value.toLocaleString('en-US') : describeBytes(value);
    return `  ${name.padEnd(28)} ${shown}`;
  });
  return `\nInput limits (a file past one is skipped with its name; the rest still loads):\n${rows.join('\n')}\n`;
}

/** Runs the CLI with `args` (without node and script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExitError) return error.exitCode;
    if (error instanceof CommanderError) {
      // --help and --version end in a CommanderError too; they are successes.
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof KubepathError) {
      io.stderr(`kubepath: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`kubepath: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.KUBEPATH_DEBUG) io.stderr(`${(error as Error).stack}\n`);
    return 70; // EX_SOFTWARE: a bug in kubepath, not in the input
  }
}
