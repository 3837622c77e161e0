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
  connlist,
  effectivePods,
  formatConnlist,
  namespaceLabeler,
  toNetPod,
  type EvaluatorOptions,
} from '@kubepath/graph';
import type { CliIo } from '../io.js';
import { loadInputs } from '../load.js';

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
      if (!opts.json) {
        io.stdout(formatConnlist(connlist(snapshot, options)));
        return;
      }
      const evaluator = new NetworkPolicyEvaluator(
        snapshot.objects.networkPolicies,
        namespaceLabeler(snapshot),
        options,
      );
      const pods = effectivePods(snapshot).map(toNetPod);
      const allowed: { src: string; dst: string; conns: string }[] = [];
      for (const src of pods) {
        for (const dst of pods) {
          const conns = evaluator.allowed({ kind: 'pod', pod: src }, { kind: 'pod', pod: dst });
          if (!conns.isEmpty()) allowed.push({ src: src.id, dst: dst.id, conns: conns.toString() });
        }
      }
      io.stdout(
        JSON.stringify({ semantics: opts.semantics, pods: pods.map((p) => p.id), allowed }, null, 2) + '\n',
      );
    });
}
