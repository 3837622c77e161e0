import { describe, expect, it } from 'vitest';
import type { Node, PodSpec } from '@kubepath/model';
import { exposes, normaliseHostPath } from './host-paths.js';
import { mayRunOn, tolerates } from './placement.js';

const node = (
  labels: Record<string, string>,
  taints: { key: string; value?: string; effect: string }[] = [],
  unschedulable = false,
): Node => ({ metadata: { name: 'n', labels }, spec: { taints, unschedulable } }) as Node;
const pod = (p: Partial<PodSpec>): PodSpec => ({ containers: [{ name: 'c' }], ...p }) as PodSpec;

// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
describe('tolerates', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each<[string, Parameters<typeof tolerates>[0], boolean]>([
    [
      'Equal with the same value',
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      true,
    ],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    ['Exists on the key', { key: 'dedicated', operator: 'Exists' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['another key', { key: 'other', operator: 'Exists' }, false],
  ])('%s', (_n, t, expected) => expect(tolerates(t, taint)).toBe(expected));
});

describe('mayRunOn', () => {
  const cp = node({ 'node-role.kubernetes.io/control-plane': '' }, [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
  ]);
  it('keeps untolerated NoSchedule taints off', () => expect(mayRunOn(pod({}), cp, false)).toBe(false));
  // https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-nodes-by-condition
  it('a condition taint (a node not ready yet) is no barrier: the pod runs there once it clears', () => {
    const notReady = node({}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(mayRunOn(pod({}), notReady, false)).toBe(true);
    // … but a condition taint beside a real one keeps the real one's effect.
    const both = node({}, [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ]);
    expect(mayRunOn(pod({}), both, false)).toBe(false);
    // A cordon is chosen, not a condition: it stays a barrier.
    expect(mayRunOn(pod({}), node({}, [], true), false)).toBe(false);
  });
  it('lets a toleration through', () =>
    expect(
      mayRunOn(
        pod({
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          ],
        }),
        cp,
        false,
      ),
    ).toBe(true));
  it('ignores PreferNoSchedule', () =>
    expect(mayRunOn(pod({}), node({}, [{ key: 'x', effect: 'PreferNoSchedule' }]), false)).toBe(true));
  it('needs every nodeSelector label', () => {
    expect(mayRunOn(pod({ nodeSelector: { zone: 'a' } }), node({ zone: 'a' }), false)).toBe(true);
    expect(mayRunOn(pod({ nodeSelector: { zone: 'a' } }), node({ zone: 'b' }), false)).toBe(false);
  });
  it('ORs affinity terms and ANDs their requirements (In, NotIn, Gt)', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'zone', operator: 'In', values: ['a'] },
                { key: 'gpu', operator: 'NotIn', values: ['yes'] },
              ],
            },
            { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['32'] }] },
          ],
        },
      },
    };
    expect(mayRunOn(pod({ affinity }), node({ zone: 'a' }), false)).toBe(true);
    expect(mayRunOn(pod({ affinity }), node({ zone: 'a', gpu: 'yes' }), false)).toBe(false);
    expect(mayRunOn(pod({ affinity }), node({ cores: '64' }), false)).toBe(true);
    expect(mayRunOn(pod({ affinity }), node({ cores: '8' }), false)).toBe(false);
  });
  it('keeps pods off a cordoned node, except DaemonSet pods', () => {
    expect(mayRunOn(pod({}), node({}, [], true), false)).toBe(false);
    expect(
      mayRunOn(
        pod({}),
        node({}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true),
        true,
      ),
    ).toBe(true);
  });
});

describe('hostPath exposure', () => {
  it.each<[string, string, boolean]>([
    ['/', '/var/lib/kubelet/pods', true],
    ['/var', '/var/log', true],
    ['/var/log', '/var/log', true],
    ['/var/log/', '/var/log', true],
    ['/var/lo', '/var/log', false],
    ['/var/log/pods', '/var/log', false],
    ['/run/containerd', '/run/containerd/containerd.sock', true],
    ['/etc/kubernetes/../kubernetes', '/etc/kubernetes', true],
  ])('%s exposes %s: %s', (mounted, target, expected) => expect(exposes(mounted, target)).toBe(expected));
  it('normalises paths', () => expect(normaliseHostPath('//var/./lib/')).toBe('/var/lib'));
});
