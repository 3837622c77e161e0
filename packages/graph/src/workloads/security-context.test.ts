import { describe, expect, it } from 'vitest';
import type { Container, PodSpec } from '@kubepath/model';
import { effectiveSecurity, hasCapability, normaliseCapability } from './security-context.js';

const spec = (container: Partial<Container>, pod: Partial<PodSpec> = {}): [PodSpec, Container] => {
  const c = { name: 'c', ...container } as Container;
  return [{ containers: [c], ...pod } as PodSpec, c];
};

describe('normaliseCapability', () => {
  it.each([
    ['SYS_ADMIN', 'SYS_ADMIN'],
    ['sys_admin', 'SYS_ADMIN'],
    ['CAP_SYS_ADMIN', 'SYS_ADMIN'],
    ['cap_sys_module', 'SYS_MODULE'],
    [' all ', 'ALL'],
  ])('%s → %s', (input, expected) => expect(normaliseCapability(input)).toBe(expected));
});

// containerd CRI order: add ALL, drop ALL, single adds, single drops.
describe('effectiveSecurity: capabilities', () => {
  it.each<[string, Partial<Container>, string, boolean]>([
    ['added', { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }, 'SYS_ADMIN', true],
    [
      'added with CAP_ prefix and lower case',
      { securityContext: { capabilities: { add: ['cap_sys_admin'] } } },
      'SYS_ADMIN',
      true,
    ],
    ['not in the runtime defaults', {}, 'SYS_ADMIN', false],
    ['a default capability', {}, 'NET_RAW', true],
    [
      'add ALL grants everything',
      { securityContext: { capabilities: { add: ['ALL'] } } },
      'SYS_MODULE',
      true,
    ],
    [
      'drop ALL then add keeps the added one',
      { securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } } },
      'SYS_PTRACE',
      true,
    ],
    [
      'drop ALL removes the defaults',
      { securityContext: { capabilities: { drop: ['ALL'] } } },
      'NET_RAW',
      false,
    ],
    [
      'a dropped capability is gone even if added',
      { securityContext: { capabilities: { add: ['SYS_ADMIN'], drop: ['sys_admin'] } } },
      'SYS_ADMIN',
      false,
    ],
    [
      'add ALL minus a drop',
      { securityContext: { capabilities: { add: ['ALL'], drop: ['SYS_ADMIN'] } } },
      'SYS_ADMIN',
      false,
    ],
    [
      'privileged has every capability',
      { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } },
      'SYS_ADMIN',
      true,
    ],
  ])('%s', (_name, container, cap, expected) => {
    const [s, c] = spec(container);
    expect(hasCapability(effectiveSecurity(s, c), cap)).toBe(expected);
  });
});

describe('effectiveSecurity: pod and container settings merge', () => {
  it('container runAsUser overrides the pod', () => {
    const [s, c] = spec({ securityContext: { runAsUser: 0 } }, { securityContext: { runAsUser: 1000 } });
    expect(effectiveSecurity(s, c).root).toBe('root');
  });
  it('pod runAsUser applies when the container is silent', () => {
    const [s, c] = spec({}, { securityContext: { runAsUser: 1000 } });
    expect(effectiveSecurity(s, c).root).toBe('non-root');
  });
  it('runAsNonRoot rules root out', () => {
    const [s, c] = spec({ securityContext: { runAsNonRoot: true } });
    expect(effectiveSecurity(s, c).root).toBe('non-root');
  });
  it('without either, the image decides: unknown', () => {
    const [s, c] = spec({});
    expect(effectiveSecurity(s, c).root).toBe('unknown');
  });
  it('AppArmor from the field, the pod, or the beta annotation', () => {
    const [s, c] = spec({}, { securityContext: { appArmorProfile: { type: 'Unconfined' } } });
    expect(effectiveSecurity(s, c).appArmor).toBe('Unconfined');
    const [s2, c2] = spec({});
    expect(
      effectiveSecurity(s2, c2, { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' })
        .appArmor,
    ).toBe('unconfined');
  });
  it('allowPrivilegeEscalation defaults to true and is forced by privileged', () => {
    const [s, c] = spec({});
    expect(effectiveSecurity(s, c).allowPrivilegeEscalation).toBe(true);
    const [s2, c2] = spec({ securityContext: { allowPrivilegeEscalation: false, privileged: true } });
    expect(effectiveSecurity(s2, c2).allowPrivilegeEscalation).toBe(true);
  });
});
