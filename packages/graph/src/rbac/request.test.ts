// Which namespace a who-can request carries, and where a resource's scope comes from.
import { describe, expect, it } from 'vitest';
import { KINDS, KIND_NAMES } from '@kubepath/model';
import { buildRequest } from './request.js';
import { BUILTIN_CATALOG, ResourceCatalog } from './resources.js';

describe('ResourceCatalog', () => {
  it('has every kind kubepath reads, with the scope the kind table gives', () => {
    for (const kind of KIND_NAMES) {
      const spec = KINDS[kind];
      const scope = BUILTIN_CATALOG.scope(spec.groups[0]!, spec.resource);
      expect(scope, kind).toBe(spec.namespaced ? 'namespaced' : 'cluster');
    }
  });

  it.each([
    // Cluster-scoped resources kubepath once treated as namespaced (issue 21, class 3).
    ['csinodes', 'storage.k8s.io'],
    ['csidrivers', 'storage.k8s.io'],
    ['volumeattachments', 'storage.k8s.io'],
    ['apiservices', 'apiregistration.k8s.io'],
    ['validatingadmissionpolicies', 'admissionregistration.k8s.io'],
    ['validatingadmissionpolicybindings', 'admissionregistration.k8s.io'],
    ['flowschemas', 'flowcontrol.apiserver.k8s.io'],
    ['prioritylevelconfigurations', 'flowcontrol.apiserver.k8s.io'],
    ['ipaddresses', 'networking.k8s.io'],
    ['servicecidrs', 'networking.k8s.io'],
    ['componentstatuses', ''],
    ['users', ''],
    ['signers', 'certificates.k8s.io'],
  ])('%s is cluster-scoped in %s', (resource, group) => {
    expect(BUILTIN_CATALOG.parse(resource)).toEqual({ apiGroup: group, resource, scope: 'cluster' });
  });

  it('prefers the core group for a bare name both serve (events), as kubectl does', () => {
    expect(BUILTIN_CATALOG.parse('events')).toMatchObject({ apiGroup: '', scope: 'namespaced' });
    expect(BUILTIN_CATALOG.parse('events.events.k8s.io')).toMatchObject({ apiGroup: 'events.k8s.io' });
  });

  it("takes a snapshot's discovery over the table, custom resources included", () => {
    const catalog = new ResourceCatalog([
      { group: 'example.com', resource: 'widgets', namespaced: false },
      { group: 'cert-manager.io', resource: 'certificates', namespaced: true },
    ]);
    expect(catalog.parse('widgets')).toEqual({
      apiGroup: 'example.com',
      resource: 'widgets',
      scope: 'cluster',
    });
    expect(catalog.parse('certificates.cert-manager.io').scope).toBe('namespaced');
    expect(BUILTIN_CATALOG.parse('widgets').warning).toMatch(/does not know the resource "widgets"/);
  });
});

describe('buildRequest', () => {
  const build = (verb: string, resource: string, namespace?: string, name?: string) =>
    buildRequest(
      { verb, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) },
      BUILTIN_CATALOG,
    );

  it('drops -n for a cluster-scoped resource, and says so', () => {
    expect(build('list', 'csinodes', 'ci')).toEqual({
      request: { verb: 'list', apiGroup: 'storage.k8s.io', resource: 'csinodes' },
      scope: 'cluster',
      warnings: ['csinodes is cluster-scoped: namespace ci ignored'],
    });
  });

  it('keeps -n for a namespaced resource, and none means any namespace', () => {
    expect(build('create', 'pods/exec', 'ci', 'web').request).toEqual({
      verb: 'create',
      apiGroup: '',
      resource: 'pods',
      subresource: 'exec',
      namespace: 'ci',
      name: 'web',
    });
    expect(build('create', 'pods')).toMatchObject({ scope: 'namespaced', request: { resource: 'pods' } });
    expect('namespace' in build('create', 'pods').request).toBe(false);
  });

  // k8s.io/apiserver pkg/endpoints/request/requestinfo.go: /namespaces/{name} sets the namespace.
  it.each([
    ['get', 'alpha', 'alpha'],
    ['patch', 'alpha', 'alpha'],
    ['delete', 'alpha', 'alpha'],
    ['list', 'alpha', undefined],
    ['watch', 'alpha', undefined],
    ['create', undefined, undefined],
    ['list', undefined, undefined],
  ])('%s namespaces named %s is in namespace %s', (verb, name, namespace) => {
    const { request } = build(verb, 'namespaces', undefined, name);
    expect((request as { namespace?: string }).namespace).toBe(namespace);
  });

  it('puts a namespace subresource in the namespace it names (namespaces/finalize)', () => {
    expect(build('update', 'namespaces/finalize', undefined, 'alpha').request).toMatchObject({
      namespace: 'alpha',
      subresource: 'finalize',
    });
  });

  it('takes a URL path as a non-resource request', () => {
    expect(build('get', '/metrics')).toEqual({
      request: { verb: 'get', path: '/metrics' },
      scope: 'url',
      warnings: [],
    });
  });
});
