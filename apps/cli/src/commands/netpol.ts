/**
 * `kubepath netpol <input...>`: the connections NetworkPolicies allow. By default in
 * netpol-analyzer's connlist format (per workload, external ranges cut at the policies'
 * ipBlocks), so its corpus compares line for line; `--json` gives a per-pod matrix.
 */
import { Command, Option } from 'commander';
import {
  KUBEPATH_DEFAULTS,
  NETPOL_ANALYZER_COMPAT,
  NetworkPolicyEvaluator,
  connlistLines,
  effectivePods,
  formatConnlistLine,
  namespaceLabeler,
  toNetPod,
  type EvaluatorOptions,
} from '@kubepath/graph';
import type { CliIo } from '../io.js';
import { loadInputs } from '../load.js';

/** Writes to stdout in chunks of about 64 KiB (stdout is synchronous on Linux for files and pipes). */
function batchedWriter(io: CliIo) {
  let buffer = '';
  return {
    write(text: string) {
      buffer += text;
      if (buffer.length >= 1 << 16) {
        io.stdout(buffer);
        buffer = '';
      }
    },
    flush() {
      if (buffer) io.stdout(buffer);
      buffer = '';
    },
  };
}

interface Options {
  json?: boolean;
  semantics: 'netpol-analyzer' | 'kubepath';
}

export function netpolCommand(io: CliIo): Command {
  return new Command('netpol')
    .description('the connections NetworkPolicies allow, per workload (connlist) or per pod (--json)')
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('--json', 'print a per-pod matrix: {"pods", "allowed": [{"src", "dst", "conns"}]}')
    .addOption(
      new Option(
        '--semantics <mode>',
        'where Kubernetes leaves behaviour open: netpol-analyzer (ipBlocks never match pods, hostNetwork pods are ordinary) or kubepath (ipBlocks match pod IPs, hostNetwork pods are never isolated)',
      )
        .choices(['netpol-analyzer', 'kubepath'])
        .default('netpol-analyzer'),
    )
    .action(async (inputs: string[], opts: Options) => {
      const { snapshot } = await loadInputs(inputs, io);
      const options: EvaluatorOptions =
        opts.semantics === 'kubepath' ? KUBEPATH_DEFAULTS : NETPOL_ANALYZER_COMPAT;
      // Streamed, a batch of lines at a time: a 10,000-pod cluster has millions of lines,
      // more than one string can hold.
      const out = batchedWriter(io);
      if (!opts.json) {
        for (const line of connlistLines(snapshot, options)) out.write(formatConnlistLine(line));
        out.flush();
        return;
      }
      const evaluator = new NetworkPolicyEvaluator(
        snapshot.objects.networkPolicies,
        namespaceLabeler(snapshot),
        options,
      );
      const pods = effectivePods(snapshot).map(toNetPod);
      out.write(
        `{\n  "semantics": ${JSON.stringify(opts.semantics)},\n  "pods": ${JSON.stringify(pods.map((p) => p.id))},\n  "allowed": [`,
      );
      let first = true;
      for (const src of pods) {
        for (const dst of pods) {
          const conns = evaluator.allowed({ kind: 'pod', pod: src }, { kind: 'pod', pod: dst });
          if (conns.isEmpty()) continue;
          out.write(
            `${first ? '' : ','}\n    ${JSON.stringify({ src: src.id, dst: dst.id, conns: conns.toString() })}`,
          );
          first = false;
        }
      }
      out.write(first ? ']\n}\n' : '\n  ]\n}\n');
      out.flush();
    });
}
