/**
 * Label selectors as Kubernetes evaluates them (apimachinery `LabelSelectorAsSelector`):
 * `matchLabels` and `matchExpressions` are ANDed; `In`, `NotIn`, `Exists`, `DoesNotExist`.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
import type { LabelSelector } from './kubernetes.js';

/** Labels of an object (absent labels are an empty map). */
export type Labels = Readonly<Record<string, string>> | null | undefined;

/**
 * True when `labels` satisfy `selector`. An empty selector (`{}`) selects everything; a
 * null one selects nothing (what "absent" means differs by field, so callers decide before).
 */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector === null || selector === undefined) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(have, key) || have[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, key);
    switch (operator) {
      case 'In':
        if (!present || !(values ?? []).includes(have[key]!)) return false;
        break;
      case 'NotIn':
        // NotIn also matches objects that lack the key (apimachinery: "!present || not in set").
        if (present && (values ?? []).includes(have[key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** True when every `key: value` of a plain map selector (Service, ReplicationController) is in `labels`. */
export function matchesLabelMap(selector: Labels, labels: Labels): boolean {
  const have = labels ?? {};
  return Object.entries(selector ?? {}).every(
    ([key, value]) => Object.hasOwn(have, key) && have[key] === value,
  );
}
