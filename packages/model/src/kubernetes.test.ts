import { describe, expect, it } from 'vitest';
import { PodSchema, SecretSchema } from './kubernetes.js';

describe('SecretSchema', () => {
  it('keeps key names and drops every value', () => {
    const secret = SecretSchema.parse({
      metadata: {
        name: 'db',
        namespace: 'shop',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}',
          team: 'payments',
        },
      },
      type: 'Opaque',
      data: { password: 'aHVudGVyMg==' },
      stringData: { username: 'admin-FAKE' },
    });
    expect(secret).toEqual({
      metadata: { name: 'db', namespace: 'shop', annotations: { team: 'payments' } },
      type: 'Opaque',
      keys: ['password', 'username'],
    });
    expect(JSON.stringify(secret)).not.toMatch(/aHVudGVyMg|admin-FAKE/);
  });
});

describe('PodSchema', () => {
  it('drops literal env values but keeps secret references', () => {
    const pod = PodSchema.parse({
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        containers: [
          {
            name: 'c',
            env: [
              { name: 'TOKEN', value: 'not-for-your-eyes-FAKE' },
              { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
          },
        ],
      },
    });
    expect(pod.spec.containers[0]?.env).toEqual([
      { name: 'TOKEN' },
      { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
  });

  it('reports a wrong field type with its path', () => {
    const r = PodSchema.safeParse({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', securityContext: { privileged: 'yes' } }] },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['spec', 'containers', 0, 'securityContext', 'privileged']);
  });

  it('accepts the nulls kubectl writes for absent fields', () => {
    const r = PodSchema.safeParse({
      metadata: { name: 'p', labels: null },
      spec: { containers: [{ name: 'c', resources: {} }], volumes: null },
      status: {},
    });
    expect(r.success).toBe(true);
  });
});
