/**
 * Where the API server serves each kind kubepath reads: API discovery (`/api/v1`, `/apis`, and
 * each group's preferred version). A kind whose group is not served is "absent" — an older
 * cluster, or one without that API — never an error. Every other served resource (custom
 * ones included) is recorded with its scope, so that `who-can` knows whether a request for
 * it carries a namespace.
 */
import { KINDS, KIND_NAMES, type ApiResource, type KindName } from '@kubepath/model';
import type { ApiClient } from './api-client.js';

/** How to list one kind: its API path prefix (`/api/v1`, `/apis/apps/v1`) and resource. */
export interface ServedKind {
  kind: KindName;
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  /** `/api/v1` or `/apis/<group>/<version>`. */
  prefix: string;
}

interface ResourceList {
  resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
}
interface GroupList {
  groups: { name: string; preferredVersion?: { version: string }; versions: { version: string }[] }[];
}

/** The served kinds, the ones no served group has, and every resource served. */
export async function discoverKinds(client: ApiClient): Promise<{
  served: Map<KindName, ServedKind>;
  absent: KindName[];
  apiResources: ApiResource[];
  /** The list path of trivy-operator's VulnerabilityReports, when the cluster serves them. */
  vulnerabilityReports?: string;
}> {
  const groups = await client.get<GroupList>('/apis');
  // Every group kubepath reads kinds from, at every version the server offers (preferred
  // first); the other groups at their preferred version, for their resources' scope.
  const wanted = new Set<string>(KIND_NAMES.flatMap((k) => KINDS[k].groups));
  const lists = new Map<string, { version: string; list: ResourceList }[]>();
  lists.set('', [{ version: 'v1', list: await client.get<ResourceList>('/api/v1') }]);
  await Promise.all(
    groups.groups.map(async (g) => {
      const preferred = g.preferredVersion?.version ?? g.versions[0]?.version;
      const versions = wanted.has(g.name)
        ? [...g.versions.map((v) => v.version)].sort(
            (a, b) => Number(b === preferred) - Number(a === preferred),
          )
        : preferred
          ? [preferred]
          : [];
      const found: { version: string; list: ResourceList }[] = [];
      for (const version of versions)
        found.push({ version, list: await client.get<ResourceList>(`/apis/${g.name}/${version}`) });
      lists.set(g.name, found);
    }),
  );
  const apiResources = new Map<string, ApiResource>();
  for (const [group, found] of lists)
    for (const { list } of found)
      for (const r of list.resources)
        if (!r.name.includes('/') && !apiResources.has(`${group}\t${r.name}`))
          apiResources.set(`${group}\t${r.name}`, { group, resource: r.name, namespaced: r.namespaced });
  const served = new Map<KindName, ServedKind>();
  const absent: KindName[] = [];
  for (const kind of KIND_NAMES) {
    const spec = KINDS[kind];
    let hit: ServedKind | undefined;
    for (const group of spec.groups as readonly string[]) {
      for (const { version, list } of lists.get(group) ?? []) {
        const r = list.resources.find((x) => x.name === spec.resource && x.verbs.includes('list'));
        if (!r) continue;
        hit = {
          kind,
          group,
          version,
          resource: spec.resource,
          namespaced: r.namespaced,
          prefix: group === '' ? '/api/v1' : `/apis/${group}/${version}`,
        };
        break;
      }
      if (hit) break;
    }
    if (hit) served.set(kind, hit);
    else absent.push(kind);
  }
  const sorted = [...apiResources.values()].sort(
    (a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource),
  );
  // trivy-operator's VulnerabilityReports, when its CRD is installed: evidence, not a kind.
  const reports = (lists.get(VULNERABILITY_REPORTS.group) ?? []).find(({ list }) =>
    list.resources.some((x) => x.name === VULNERABILITY_REPORTS.resource && x.verbs.includes('list')),
  );
  return {
    served,
    absent,
    apiResources: sorted,
    ...(reports
      ? {
          vulnerabilityReports: `/apis/${VULNERABILITY_REPORTS.group}/${reports.version}/${VULNERABILITY_REPORTS.resource}`,
        }
      : {}),
  };
}

/** Where trivy-operator keeps its reports (https://aquasecurity.github.io/trivy-operator/). */
export const VULNERABILITY_REPORTS = {
  group: 'aquasecurity.github.io',
  resource: 'vulnerabilityreports',
} as const;
