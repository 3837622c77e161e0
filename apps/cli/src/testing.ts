/** Test helper: runs the CLI in-process with its output captured (not part of the CLI). */
import { runCli } from './program.js';

export async function runCaptured(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isInteractive: false,
  });
  return { code, stdout, stderr };
}
