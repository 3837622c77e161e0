/**
 * `kubepath collect -o SNAPSHOT`: a snapshot of a live cluster (read-only; Secrets as metadata
 * only), and `kubepath collect --check`: what this identity may read, and the ClusterRole
 * kubepath needs.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { MultiBar, type SingleBar } from 'cli-progress';
import { stringify } from 'yaml';
import {
  checkAccess,
  COLLECTOR_ROLE_NAME,
  collectFromCluster,
  collectorRules,
  runsInCluster,
  type CollectOptions,
  type CollectProgress,
  type CollectResult,
} from '@kubepath/collector';
import { coverageGaps, UsageError } from '@kubepath/model';
import { bytes, count, table } from '../format.js';
import type { CliIo } from '../io.js';
import { positiveNumber } from '../search-limits.js';

interface CollectFlags {
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
  namespace?: string[];
  output?: string;
  check?: boolean;
  pageSize: number;
  parallel: number;
  qps?: number;
  clusterName?: string;
  json?: boolean;
}

/** The collector's ClusterRole as YAML (what deploy/rbac.yaml holds). */
export function collectorRoleYaml(): string {
  return stringify({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: COLLECTOR_ROLE_NAME },
    rules: collectorRules(),
  });
}

/** Progress: a bar per kind on a terminal, a line per kind otherwise. */
function progressReporter(io: CliIo): { onProgress: (e: CollectProgress) => void; stop: () => void } {
  if (!io.isInteractive) {
    return {
      onProgress: (e) => {
        if (e.phase === 'done') io.stderr(`  ${e.kind}: ${count(e.objects)} objects, ${e.pages} page(s)\n`);
      },
      stop: () => {},
    };
  }
  const bars = new MultiBar({
    format: '  {kind} [{bar}] {value}/{total}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    fps: 5,
  });
  const byKind = new Map<string, SingleBar>();
  return {
    onProgress: (e) => {
      let bar = byKind.get(e.kind);
      if (!bar) byKind.set(e.kind, (bar = bars.create(1, 0, { kind: e.kind.padEnd(30) })));
      const total = Math.max(1, e.objects + (e.remaining ?? 0));
      bar.setTotal(e.phase === 'done' ? Math.max(1, e.objects) : total);
      bar.update(e.objects);
    },
    stop: () => bars.stop(),
  };
}

function renderStats(r: CollectResult): string {
  const rows = r.kinds.map((k) => [
    k.kind,
    k.status,
    count(k.objects),
    String(k.pages),
    k.seconds.toFixed(1),
    k.reason ?? '',
  ]);
  return (
    table(['KIND', 'STATUS', 'OBJECTS', 'PAGES', 'SECONDS', 'NOTE'], rows) +
    `\n${count(r.kinds.reduce((n, k) => n + k.objects, 0))} objects in ${r.seconds.toFixed(1)} s: ${count(r.requests)} requests, ${count(r.retries)} retried; peak memory ${bytes(r.peakRssBytes)}\n`
  );
}

export function collectCommand(io: CliIo): Command {
  return new Command('collect')
    .description(
      'read a live cluster into a snapshot (get and list only; Secrets as metadata, never their values)',
    )
    .option('-o, --output <file>', 'write the snapshot here (JSON; kubepath reads it like any input)')
    .option('--kubeconfig <file>', 'kubeconfig file (default $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .option('--in-cluster', "use the pod's service account (the default when run in a pod)")
    .option(
      '-n, --namespace <ns>',
      'only these namespaces for namespaced kinds (repeat or comma-separate)',
      (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)],
    )
    .option(
      '--check',
      'print what this identity may list, and the ClusterRole kubepath needs; collect nothing',
    )
    .option('--page-size <n>', 'objects per list page', positiveNumber, 500)
    .option('--parallel <n>', 'kinds listed at once', positiveNumber, 4)
    .option(
      '--qps <n>',
      'client-side limit of requests per second (default: none; the server has its own)',
      positiveNumber,
    )
    .option('--cluster-name <name>', "the snapshot's cluster name (default: the context's)")
    .option('--json', 'print the figures (or --check) as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  kubepath collect -o prod.json --context prod && kubepath analyze prod.json',
        '  kubepath collect --check --context prod     # what may I read? and the ClusterRole to grant',
        '',
        'Secrets are listed as metadata only (names, labels, annotations) and service-account',
        'tokens are found by a field selector on their type: no secret value reaches kubepath.',
      ].join('\n'),
    )
    .action(async (flags: CollectFlags) => {
      if (!flags.output && !flags.check) throw new UsageError('collect: give -o SNAPSHOT (or --check)');
      const options: CollectOptions = {
        ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
        ...(flags.context ? { context: flags.context } : {}),
        inCluster: flags.inCluster ?? (!flags.kubeconfig && !process.env.KUBECONFIG && runsInCluster()),
        ...(flags.namespace?.length ? { namespaces: flags.namespace } : {}),
        pageSize: flags.pageSize,
        parallel: flags.parallel,
        ...(flags.qps ? { qps: flags.qps } : {}),
        ...(flags.clusterName ? { clusterName: flags.clusterName } : {}),
      };
      if (flags.check) {
        const access = await checkAccess(options);
        if (flags.json) {
          io.stdout(JSON.stringify({ ...access, requiredRole: collectorRules() }, null, 2) + '\n');
          return;
        }
        io.stdout(
          `${access.server} (${access.contextName}${access.serverVersion ? `, Kubernetes ${access.serverVersion}` : ''}): what this identity may list\n\n` +
            table(
              ['KIND', 'RESOURCE', 'MAY LIST', 'NOTE'],
              access.permissions.map((p) => [
                p.kind,
                `${p.group ? `${p.group}/` : ''}${p.resource}`,
                p.allowed === null ? 'unknown' : p.allowed ? 'yes' : 'no',
                [p.deniedIn?.length ? `denied in ${p.deniedIn.join(', ')}` : '', p.reason ?? '']
                  .filter(Boolean)
                  .join('; '),
              ]),
            ) +
            (access.absent.length ? `\nNot served by this API server: ${access.absent.join(', ')}\n` : '') +
            '\nThe ClusterRole kubepath needs (deploy/rbac.yaml; get and list only):\n\n' +
            collectorRoleYaml(),
        );
        return;
      }
      const progress = progressReporter(io);
      io.stderr(`kubepath: collecting from ${flags.context ?? 'the current context'}…\n`);
      let result: CollectResult;
      try {
        result = await collectFromCluster({ ...options, onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      writeFileSync(flags.output!, JSON.stringify(result.snapshot));
      if (flags.json) {
        const { snapshot, ...figures } = result;
        io.stdout(
          JSON.stringify({ output: flags.output, cluster: snapshot.cluster, ...figures }, null, 2) + '\n',
        );
        return;
      }
      io.stdout(
        `Collected ${result.snapshot.cluster.name}${result.snapshot.cluster.serverVersion ? ` (Kubernetes ${result.snapshot.cluster.serverVersion})` : ''} into ${flags.output}\n\n` +
          renderStats(result),
      );
      const gaps = coverageGaps(result.snapshot.coverage);
      if (gaps.length)
        io.stdout(
          `\nNot seen (a path through these to any crown jewel may be missing):\n${gaps.map((g) => `  ${g.summary}\n`).join('')}`,
        );
    });
}
