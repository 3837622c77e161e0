import { describe, expect, it } from 'vitest';
import type { LabelSelector } from './kubernetes.js';
import { matchesLabelMap, matchesLabelSelector } from './label-selector.js';

// Semantics: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
describe('matchesLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  it.each<[string, LabelSelector | null, Record<string, string> | null, boolean]>([
    ['empty selector selects everything', {}, labels, true],
    ['empty selector selects an object without labels', {}, null, true],
    ['null selector selects nothing', null, labels, false],
    ['matchLabels: all pairs present', { matchLabels: { app: 'web', tier: 'front' } }, labels, true],
    ['matchLabels: one value differs', { matchLabels: { app: 'web', tier: 'back' } }, labels, false],
    ['matchLabels: key missing', { matchLabels: { team: 'a' } }, labels, false],
    [
      'In: value in set',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }] },
      labels,
      true,
    ],
    [
      'In: value not in set',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] },
      labels,
      false,
    ],
    ['In: key absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels, false],
    [
      'NotIn: value not in set',
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] },
      labels,
      true,
    ],
    [
      'NotIn: value in set',
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      labels,
      false,
    ],
    [
      'NotIn: key absent matches',
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      labels,
      true,
    ],
    ['Exists: present', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels, true],
    ['Exists: absent', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels, false],
    ['DoesNotExist: absent', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels, true],
    [
      'DoesNotExist: present',
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      labels,
      false,
    ],
    [
      'matchLabels AND matchExpressions: both hold',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      labels,
      true,
    ],
    [
      'matchLabels AND matchExpressions: one fails',
      {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
      },
      labels,
      false,
    ],
    ['an empty label value is a value', { matchLabels: { role: '' } }, { role: '' }, true],
  ])('%s', (_name, selector, have, expected) => {
    expect(matchesLabelSelector(selector, have)).toBe(expected);
  });
});

describe('matchesLabelMap', () => {
  it('needs every pair of the map, and an empty map selects everything', () => {
    expect(matchesLabelMap({ app: 'web' }, { app: 'web', x: 'y' })).toBe(true);
    expect(matchesLabelMap({ app: 'web' }, { app: 'api' })).toBe(false);
    expect(matchesLabelMap({}, null)).toBe(true);
  });
});
