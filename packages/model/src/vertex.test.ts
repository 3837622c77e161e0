import { describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN, ETCD, INTERNET, ids, vertexKindOf } from './vertex.js';

describe('vertex ids (DESIGN.md "Identifiers")', () => {
  it.each([
    [ids.serviceAccount('kube-system', 'default'), 'sa:kube-system/default'],
    [ids.user('system:anonymous'), 'user:system:anonymous'],
    [ids.nodeUser('worker-1'), 'user:system:node:worker-1'],
    [ids.group('system:serviceaccounts:web'), 'group:system:serviceaccounts:web'],
    [ids.pod('web', 'frontend-7d9c'), 'pod:web/frontend-7d9c'],
    [ids.templatePod('web', 'Deployment', 'frontend'), 'pod:web/Deployment.frontend'],
    [ids.container('web', 'frontend-7d9c', 'nginx'), 'container:web/frontend-7d9c/nginx'],
    [ids.node('worker-1'), 'node:worker-1'],
    [ids.secret('web', 'db'), 'secret:web/db'],
    [ids.service('web', 'shop'), 'service:web/shop'],
    [ids.roleBinding('web', 'edit'), 'binding:web/edit'],
    [ids.clusterRoleBinding('admins'), 'clusterbinding:admins'],
    [ids.namespace('web'), 'namespace:web'],
    [ids.hub('pod-create', 'web'), 'hub:pod-create/web'],
    [ids.hub('nodes'), 'hub:nodes'],
    [INTERNET, 'external:internet'],
    [CLUSTER_ADMIN, 'target:cluster-admin'],
    [ETCD, 'target:etcd'],
  ])('builds %s', (built, expected) => {
    expect(built).toBe(expected);
  });

  it('names the kind of an id, and null for a foreign prefix', () => {
    expect(vertexKindOf('clusterbinding:admins')).toBe('clusterbinding');
    expect(vertexKindOf('bogus:thing')).toBeNull();
  });
});
