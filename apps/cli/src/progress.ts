/** A progress bar on stderr for long work, shown only on an interactive terminal. */
import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress reporter; a no-op when stderr is not a terminal (CI logs stay clean). */
export interface Progress {
  update(done: number, total: number, detail: string): void;
  stop(): void;
}

export function createProgress(io: CliIo, label: string, unit: 'bytes' | 'items'): Progress {
  if (!io.isInteractive) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {detail}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  let started = false;
  return {
    update(done, total, detail) {
      const scale = unit === 'bytes' ? 1 / (1024 * 1024) : 1;
      if (!started) {
        bar.start(Math.max(1, Math.round(total * scale)), 0, { detail });
        started = true;
      }
      bar.update(Math.round(done * scale), { detail });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
