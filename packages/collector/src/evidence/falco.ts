/**
 * Falco alerts (`json_output: true`: one JSON object per line) as "known compromised"
 * workloads and nodes. Only what names the place is kept — rule, priority, time, and the
 * `output_fields` k8s.ns.name, k8s.pod.name, container.name, or the hostname for a host
 * alert (container.id `host`) — never `output`, which quotes command lines and may hold secrets.
 * https://falco.org/docs/concepts/outputs/formatting/ (JSON output)
 */
import { readFile } from 'node:fs/promises';
import type { RuntimeAlert } from '@kubepath/model';

/** A Falco alert: the model's RuntimeAlert. */
export type FalcoAlert = RuntimeAlert;

export interface FalcoRead {
  alerts: FalcoAlert[];
  /** Lines that were no alert: `line N: why` (never the line's text). */
  skipped: string[];
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads a Falco JSON output file; throws when the file cannot be read at all. */
export async function readFalcoAlerts(path: string): Promise<FalcoRead> {
  return parseFalcoAlerts(await readFile(path, 'utf8'));
}

/** Falco's JSON output, one alert a line (a file's text, or an upload's body). */
export function parseFalcoAlerts(text: string): FalcoRead {
  const alerts: FalcoAlert[] = [];
  const skipped: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      skipped.push(`line ${i + 1}: not JSON`);
      return;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      skipped.push(`line ${i + 1}: not a JSON object`);
      return;
    }
    const d = doc as Record<string, unknown>;
    const rule = str(d.rule);
    const fields = (typeof d.output_fields === 'object' && d.output_fields) as
      Record<string, unknown> | false;
    if (!rule || !fields) {
      skipped.push(`line ${i + 1}: no rule or output_fields: not a Falco alert`);
      return;
    }
    const onHost = fields['container.id'] === 'host';
    const namespace = onHost ? undefined : str(fields['k8s.ns.name']);
    const pod = onHost ? undefined : str(fields['k8s.pod.name']);
    const hostname = str(d.hostname);
    const alert: FalcoAlert = { rule, line: i + 1 };
    if (str(d.priority)) alert.priority = d.priority as string;
    if (str(d.time)) alert.time = d.time as string;
    if (namespace && pod) {
      alert.namespace = namespace;
      alert.pod = pod;
      const container = str(fields['container.name']);
      if (container) alert.container = container;
    } else if (hostname) alert.hostname = hostname;
    else {
      skipped.push(`line ${i + 1}: names neither a pod (k8s.ns.name, k8s.pod.name) nor a host`);
      return;
    }
    alerts.push(alert);
  });
  return { alerts, skipped };
}
