// Falco's JSON output, one alert per line (https://falco.org/docs/concepts/outputs/formatting/):
// what names the place is kept, the output text never.
import { join } from 'node:path';
import { CANARY, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { readFalcoAlerts } from './falco.js';

const alert = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    hostname: 'worker-2',
    output: `shell spawned (command=sh -c 'echo ${CANARY}')`,
    priority: 'Notice',
    rule: 'Terminal shell in container',
    source: 'syscall',
    time: '2026-11-30T12:04:31.000000000Z',
    output_fields: { 'proc.cmdline': `sh -c echo ${CANARY}`, ...fields },
    ...extra,
  });

describe('readFalcoAlerts', () => {
  it('keeps rule, priority, time and the pod, container or host; never the output', async () => {
    const dir = writeTree({
      'events.json': [
        alert({
          'container.id': 'abc',
          'container.name': 'web',
          'k8s.ns.name': 'shop',
          'k8s.pod.name': 'web-7d4b9c8f5-x2k9p',
        }),
        '',
        alert({ 'container.id': 'host' }, { rule: 'Write below etc', priority: 'Error' }),
      ].join('\n'),
    });
    const read = await readFalcoAlerts(join(dir, 'events.json'));
    expect(read.skipped).toEqual([]);
    expect(read.alerts).toEqual([
      {
        rule: 'Terminal shell in container',
        priority: 'Notice',
        time: '2026-11-30T12:04:31.000000000Z',
        line: 1,
        namespace: 'shop',
        pod: 'web-7d4b9c8f5-x2k9p',
        container: 'web',
      },
      {
        rule: 'Write below etc',
        priority: 'Error',
        time: '2026-11-30T12:04:31.000000000Z',
        line: 3,
        hostname: 'worker-2',
      },
    ]);
    expect(JSON.stringify(read)).not.toContain(CANARY);
  });

  it('names each line it could not use, without quoting it', async () => {
    const dir = writeTree({
      'events.json': [
        `not json ${CANARY}`,
        '[1,2]',
        JSON.stringify({ rule: 'x' }),
        alert({ 'container.id': 'abc' }, { hostname: undefined }),
      ].join('\n'),
    });
    const read = await readFalcoAlerts(join(dir, 'events.json'));
    expect(read.alerts).toEqual([]);
    expect(read.skipped).toEqual([
      'line 1: not JSON',
      'line 2: not a JSON object',
      'line 3: no rule or output_fields: not a Falco alert',
      'line 4: names neither a pod (k8s.ns.name, k8s.pod.name) nor a host',
    ]);
    expect(JSON.stringify(read)).not.toContain(CANARY);
  });
});
