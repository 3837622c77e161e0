#!/usr/bin/env -S node --max-semi-space-size=64
/**
 * The kubepath executable. A 64 MiB semi-space (V8's young generation) took a 150,000-pod
 * `analyze` from 48.6 s to 39.8 s: loading and building allocate millions of objects that
 * live on, and a small young generation copies them again and again (docs/performance.md).
 */
import { processIo } from './io.js';
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), processIo);
