/**
 * `kubepath who-can VERB RESOURCE [-n NS] [--name NAME] <input...>`: every identity that may
 * make the request, with the binding, role and rule that allow it — like `kubectl who-can`
 * and `rbac-tool who-can`, answered from files with the API server's own semantics.
 */
import { Command } from 'commander';
import {
  RbacAuthorizer,
  BUILTIN_CATALOG,
  catalogFor,
  SYSTEM_MASTERS,
  buildRequest,
  principalId,
  principalLabel,
  type Allowance,
  type RequestAttributes,
} from '@kubepath/graph';
import { table } from '../format.js';
import type { CliIo } from '../io.js';
import { loadInputs } from '../load.js';

interface Options {
  namespace?: string;
  name?: string;
  json?: boolean;
}

function allowancesFor(auth: RbacAuthorizer, request: RequestAttributes, anyNamespace: boolean): Allowance[] {
  if (!anyNamespace) return auth.whoCan(request);
  // No -n: each RoleBinding is asked about its own namespace, so namespace-scoped grants show up too.
  const out: Allowance[] = [];
  for (const grant of auth.grants) {
    const rules = RbacAuthorizer.allowing(grant, {
      ...request,
      ...(grant.namespace ? { namespace: grant.namespace } : {}),
    } as RequestAttributes);
    if (rules.length) out.push({ grant, rules });
  }
  return out;
}

export function whoCanCommand(io: CliIo): Command {
  return new Command('who-can')
    .description('list every identity that may make a request, with the binding and rule that allow it')
    .argument('<verb>', 'get, list, create, patch, delete, impersonate, bind, escalate, …')
    .argument(
      '<resource>',
      'pods, pods/exec, deployments.apps, secrets, clusterroles, … or a URL path such as /metrics',
    )
    .argument('<input...>', 'files or directories to read the cluster from')
    .option('-n, --namespace <ns>', 'only grants that apply in this namespace (default: any namespace)')
    .option('--name <name>', 'the object name (resourceNames are honoured)')
    .option('--json', 'print machine-readable JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath who-can create pods -n ci examples/demo-cluster\n  kubepath who-can get secrets --name ops-admin-token -n kube-system examples/demo-cluster\n  kubepath who-can create pods/exec examples/demo-cluster --json',
    )
    .action(async (verb: string, resource: string, inputs: string[], opts: Options) => {
      // Malformed resource text fails before any file is read.
      buildRequest({ verb, resource }, BUILTIN_CATALOG);
      const { snapshot } = await loadInputs(inputs, io);
      const { request, scope, warnings } = buildRequest(
        { verb, resource, ...opts },
        catalogFor(snapshot.cluster.apiResources),
      );
      for (const w of warnings) io.stderr(`warning: ${w}\n`);
      const auth = new RbacAuthorizer(snapshot);
      const anyNamespace = scope === 'namespaced' && !('path' in request) && request.namespace === undefined;
      const allowances = allowancesFor(auth, request, anyNamespace);
      const rows = allowances.flatMap((a) =>
        a.grant.subjects.map((s) => ({
          id: principalId(s),
          subject: principalLabel(s),
          scope: a.grant.namespace ?? '*',
          binding: a.grant.id,
          role: `${a.grant.binding.roleRef.kind} ${a.grant.binding.roleRef.name}`,
          rules: a.rules.map((r) => `${r.source.kind} ${r.source.name}${r.source.path}`),
        })),
      );
      rows.push({
        id: `group:${SYSTEM_MASTERS}`,
        subject: `Group ${SYSTEM_MASTERS}`,
        scope: '*',
        binding: '(none)',
        role: 'superuser: RBAC is bypassed',
        rules: [],
      });
      rows.sort((x, y) => x.id.localeCompare(y.id) || x.binding.localeCompare(y.binding));
      if (opts.json) {
        io.stdout(
          JSON.stringify(
            { request, anyNamespace, warnings, subjects: rows, danglingBindings: auth.dangling },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const where =
        'path' in request
          ? ''
          : anyNamespace
            ? ' in any namespace'
            : request.namespace
              ? ` in namespace ${request.namespace}`
              : ' cluster-wide';
      io.stdout(`Who can ${verb} ${resource}${opts.name ? ` named ${opts.name}` : ''}${where}:\n\n`);
      io.stdout(
        table(
          ['SUBJECT', 'WHERE', 'BINDING', 'ROLE', 'RULES'],
          rows.map((r) => [r.subject, r.scope, r.binding, r.role, r.rules.join(', ')]),
        ),
      );
      if (auth.dangling.length) {
        io.stdout(
          `\n${auth.dangling.length} binding(s) reference a missing role and grant nothing: ${auth.dangling.map((d) => d.id).join(', ')}\n`,
        );
      }
    });
}
