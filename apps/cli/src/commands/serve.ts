/**
 * `kubepath serve`: runs the REST API (apps/api) in its own process. Apps do not import each
 * other, so the CLI starts the API's entry point with the same Node flags and passes the
 * options through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { EXIT, ExitError, type CliIo } from '../io.js';

/** The API's entry point beside this CLI: source when running from source, dist when built. */
function apiEntry(): string | null {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? '../../../api/src/main.ts' : '../../../api/dist/main.js', import.meta.url);
  const path = fileURLToPath(url);
  return existsSync(path) ? path : null;
}

export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description(
      'serve the REST API and the web viewer on 127.0.0.1 (the bundled demo cluster when there is no input)',
    )
    .option(
      '--input <path>',
      'a file or directory to load as the first snapshot (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--data <dir>', 'data directory of the snapshot store (default ~/.kubepath)')
    .option('--port <n>', 'port (default 8080; 0 picks a free one)')
    .option('--host <addr>', 'address to bind (default 127.0.0.1)')
    .option('--neo4j <bolt-url>', 'push each analysed snapshot to this Neo4j and answer the fleet routes')
    .option('--schedules <file>', 'scheduled reports (YAML; see the README, "Scheduled reports")')
    .action(
      async (opts: {
        input?: string[];
        data?: string;
        port?: string;
        host?: string;
        schedules?: string;
        neo4j?: string;
      }) => {
        const entry = apiEntry();
        if (!entry) {
          io.stderr('kubepath: the API (apps/api) is not installed beside the CLI\n');
          throw new ExitError(EXIT.usage);
        }
        const args = [
          ...(opts.input ?? []).flatMap((i) => ['--input', i]),
          ...(opts.data ? ['--data', opts.data] : []),
          ...(opts.port ? ['--port', opts.port] : []),
          ...(opts.host ? ['--host', opts.host] : []),
          ...(opts.schedules ? ['--schedules', opts.schedules] : []),
          ...(opts.neo4j ? ['--neo4j', opts.neo4j] : []),
        ];
        const child = spawn(process.execPath, [...process.execArgv, entry, ...args], { stdio: 'inherit' });
        // The API is this command's child: a signal to `kubepath serve` is passed on (it shuts
        // down cleanly), so no orphan keeps listening; its exit is this command's exit.
        const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
        const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
          const handler = forward(signal);
          process.on(signal, handler);
          return () => process.off(signal, handler);
        });
        const code = await new Promise<number>((resolve) =>
          child.on('exit', (c, signal) =>
            resolve(c ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0)),
          ),
        );
        for (const remove of handlers) remove();
        if (code !== 0) throw new ExitError(code);
      },
    );
}
