/**
 * The least a kubepath collection needs: get and list on the kinds it reads, nothing else —
 * no write verb, no watch, no proxy, no exec. RBAC has no "metadata only" verb: listing
 * Secrets as metadata needs `list` on secrets like reading them would, so kubepath asks for
 * metadata and the role says why it has that rule. Leave the rule out to keep Secrets unseen:
 * the collection then records them as forbidden and the analysis says what it could not see.
 * deploy/rbac.yaml holds this role; a test keeps the two equal.
 */
import { KINDS, KIND_NAMES } from '@kubepath/model';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export const COLLECTOR_ROLE_NAME = 'kubepath-collector';

/** The rules of the collector's ClusterRole, one per API group (ConfigMaps: aws-auth only, by name). */
export function collectorRules(): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const kind of KIND_NAMES) {
    if (kind === 'ConfigMap') continue;
    const spec = KINDS[kind];
    for (const group of spec.groups) {
      if (group === 'extensions') continue; // only very old clusters serve kinds there
      let set = byGroup.get(group);
      if (!set) byGroup.set(group, (set = new Set()));
      set.add(spec.resource);
    }
  }
  const rules: PolicyRule[] = [...byGroup]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({
      apiGroups: [group],
      resources: [...resources].sort(),
      verbs: ['get', 'list'],
    }));
  rules.push({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs: ['get'] });
  // trivy-operator's vulnerability reports, where it runs: evidence for exploit steps.
  rules.push({
    apiGroups: ['aquasecurity.github.io'],
    resources: ['vulnerabilityreports'],
    verbs: ['get', 'list'],
  });
  return rules;
}
