import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatcher } from './graph-index.js';

/** The glob as a regex, the obvious (and backtracking) way: the reference for short inputs. */
const reference = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

describe('globMatcher', () => {
  it.each([
    ['node:*', 'node:worker-1', true],
    ['node:*', 'sa:node:x', false],
    ['*', '', true],
    ['sa:*/runner', 'sa:ci/runner', true],
    ['sa:*/runner', 'sa:ci/runner-2', false],
    ['a*a', 'a', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['target:etcd', 'target:etcd', true],
    ['x.y', 'xzy', false],
  ])('%s matches %s: %s', (pattern, id, expected) => {
    expect(globMatcher(pattern)(id)).toBe(expected);
  });
  it('agrees with the regex reading of the glob on random patterns and ids', () => {
    const text = fc.stringMatching(/^[ab.*]{0,8}$/);
    fc.assert(
      fc.property(text, fc.stringMatching(/^[ab.]{0,10}$/), (pattern, id) => {
        expect(globMatcher(pattern)(id)).toBe(reference(pattern).test(id));
      }),
      { numRuns: 2000 },
    );
  });
  it('answers a pattern that makes a regex backtrack exponentially in one scan', () => {
    // `^.*.*.*…X$` against a long id without X takes exponential time as a regex (the issue:
    // one read-token request held the analysis worker for minutes).
    const pattern = `${'*'.repeat(40)}X`;
    const id = 'a'.repeat(100_000);
    expect(globMatcher(pattern)(id)).toBe(false);
    expect(globMatcher(`${'a*'.repeat(40)}X`)(id)).toBe(false);
  });
});
