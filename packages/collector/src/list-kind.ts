/** Kinds of List items that do not name their own. */
import { KINDS, KIND_NAMES, type KindSpec } from '@kubepath/model';

/**
 * `item` with `kind` (and `apiVersion`) filled in from its List when it has none: a
 * `PodList`'s items are Pods. Returns the item unchanged when it has a kind, and null when
 * it has none and the List does not tell.
 */
export function withListKind(item: unknown, listKind?: string, listApiVersion?: string): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  if (typeof record.kind === 'string' && record.kind !== '') return item;
  if (!listKind || listKind === 'List' || !listKind.endsWith('List')) return null;
  return { apiVersion: listApiVersion, ...record, kind: listKind.slice(0, -'List'.length) };
}

/**
 * The List kind a dump archive's file holds, from its name: KubeHound names each file by
 * resource and group (`pods.json`, `clusterroles.rbac.authorization.k8s.io.json`), and its
 * Lists, marshalled from client-go's typed structs, carry no kind at all.
 */
export function listKindForDumpFile(basename: string): string | undefined {
  for (const kind of KIND_NAMES) {
    const spec: KindSpec = KINDS[kind];
    for (const group of spec.groups) {
      if (basename === (group === '' ? `${spec.resource}.json` : `${spec.resource}.${group}.json`))
        return `${kind}List`;
    }
  }
  return undefined;
}
