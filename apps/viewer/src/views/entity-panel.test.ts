import { describe, expect, it } from 'vitest';
import { ruleText } from './entity-panel.js';

describe('ruleText', () => {
  it('reads a rule as verbs on resources, with groups other than core and names', () => {
    expect(ruleText({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] })).toBe(
      'get, list secrets',
    );
    expect(
      ruleText({ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }),
    ).toBe('patch deployments in apps (names: web)');
    expect(ruleText({ verbs: ['get'], nonResourceURLs: ['/healthz', '/logs/*'] })).toBe(
      'get /healthz, /logs/*',
    );
  });
});
