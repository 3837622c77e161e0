/**
 * kube-bench JSON (`kube-bench run --json`), into the snapshot's CisResult.
 *
 * kube-bench writes one of two shapes (github.com/aquasecurity/kube-bench, check/controls.go
 * and cmd/util.go):
 * - `{"Controls": [Controls…], "Totals": {…}}` (since v0.6);
 * - a bare array of Controls (older releases), or one Controls object.
 * A Controls object is `{id, version, text, node_type, tests: [Group…], total_pass…}`; a
 * Group is `{section, desc, results: [Check…]}`; a Check is `{test_number, test_desc, audit,
 * type, remediation, test_info, status, actual_value, scored, expected_result, reason}` with
 * status PASS, FAIL, WARN or INFO. kube-bench does not record the node it ran on.
 *
 * Kept: the check's id, text, status and (for a failure or a warning) its remediation. Left
 * out: `audit`, `actual_value`, `expected_result`, `reason` — a command line or a config file
 * may hold a token, and nothing kubepath decides needs them.
 */
import type { CisCheck, CisResult } from '@kubepath/model';
import { ScanFormatError } from './scan-formats.js';

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A remediation is prose; a longer one is cut (kube-bench's longest are about 1 KB). */
const MAX_REMEDIATION = 2000;
const STATUSES = new Set(['PASS', 'FAIL', 'WARN', 'INFO']);

/** A Controls object: `node_type` and `tests` are what set it apart from other JSON. */
export function isKubeBenchControls(doc: unknown): boolean {
  return isRecord(doc) && typeof doc.node_type === 'string' && Array.isArray(doc.tests);
}

/** The whole document is kube-bench's: the v0.6+ wrapper or one Controls object. */
export function isKubeBench(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  if (Array.isArray(doc.Controls) && isRecord(doc.Totals)) return true;
  return isKubeBenchControls(doc);
}

/** The checks of one kube-bench document (the wrapper or one Controls object). */
export function fromKubeBench(doc: Raw, file: string): CisResult {
  const controls = Array.isArray(doc.Controls) ? doc.Controls : [doc];
  const checks: CisCheck[] = [];
  let benchmark: string | undefined;
  controls.forEach((c, i) => {
    const where = Array.isArray(doc.Controls) ? `Controls[${i}]` : 'controls';
    if (!isRecord(c) || typeof c.node_type !== 'string')
      throw new ScanFormatError(`${where} has no node_type`);
    benchmark ??= str(c.version);
    if (!Array.isArray(c.tests)) throw new ScanFormatError(`${where}.tests is not a list`);
    c.tests.forEach((group, g) => {
      const results = isRecord(group) ? group.results : undefined;
      if (results === undefined || results === null) return; // a group kube-bench ran no check of
      if (!Array.isArray(results)) throw new ScanFormatError(`${where}.tests[${g}].results is not a list`);
      results.forEach((check, k) => {
        const at = `${where}.tests[${g}].results[${k}]`;
        if (!isRecord(check) || !str(check.test_number))
          throw new ScanFormatError(`${at} has no test_number`);
        const status = typeof check.status === 'string' ? check.status.toUpperCase() : '';
        if (!STATUSES.has(status)) throw new ScanFormatError(`${at} has no status PASS, FAIL, WARN or INFO`);
        const remediation = status === 'FAIL' || status === 'WARN' ? str(check.remediation) : undefined;
        checks.push({
          id: check.test_number as string,
          text: str(check.test_desc) ?? '',
          status: status as CisCheck['status'],
          target: c.node_type as string,
          ...(remediation ? { remediation: remediation.slice(0, MAX_REMEDIATION) } : {}),
        });
      });
    });
  });
  return { file, ...(benchmark ? { benchmark } : {}), checks };
}

/**
 * The node a kube-bench file is about, from its name: the longest node name that appears in
 * the file's base name between non-alphanumeric characters (`kube-bench-worker-1.json` names
 * `worker-1`, not `worker-10`). Undefined when no node is named.
 */
export function nodeNamedByFile(file: string, nodes: readonly string[]): string | undefined {
  const base = (file.split(/[\\/]/).pop() ?? file).toLowerCase();
  let best: string | undefined;
  for (const node of nodes) {
    if (best && node.length <= best.length) continue;
    let at = base.indexOf(node);
    while (at !== -1) {
      const before = at === 0 ? '' : base[at - 1]!;
      const after = base[at + node.length] ?? '';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) {
        best = node;
        break;
      }
      at = base.indexOf(node, at + 1);
    }
  }
  return best;
}
