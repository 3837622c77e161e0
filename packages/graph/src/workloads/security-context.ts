/**
 * A container's effective security settings, merged as Kubernetes does: `runAsUser`,
 * `runAsNonRoot`, `seccompProfile` and `appArmorProfile` on the container override the pod's;
 * `privileged`, `capabilities`, `allowPrivilegeEscalation` and `readOnlyRootFilesystem` exist
 * only on the container.
 * https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 *
 * Capabilities follow containerd's CRI order (pkg/cri/opts WithCapabilities): `add: [ALL]`
 * grants all, `drop: [ALL]` clears the defaults, then single adds, then single drops — so a
 * dropped capability is gone even if also added, and `drop: [ALL], add: [X]` keeps X.
 * Names are normalised: case, and an optional `CAP_` prefix.
 */
import type { Container, PodSpec } from '@kubepath/model';

/** The runtime's default capabilities (containerd and Docker): none of them is an escape. */
const DEFAULT_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

/** Every Linux capability (capabilities(7)), for `add: [ALL]`. */
const ALL_CAPABILITIES = [
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'SYSLOG',
  'WAKE_ALARM',
];

/** `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
export function normaliseCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** Whether the process runs as root: known yes, known no, or unknown (the image decides). */
export type RootStatus = 'root' | 'non-root' | 'unknown';

export interface EffectiveSecurity {
  privileged: boolean;
  /** Effective capabilities (privileged containers have all of them regardless). */
  capabilities: ReadonlySet<string>;
  root: RootStatus;
  runAsUser?: number;
  allowPrivilegeEscalation: boolean;
  readOnlyRootFilesystem: boolean;
  seccomp?: string;
  appArmor?: string;
}

export function hasCapability(s: EffectiveSecurity, cap: string): boolean {
  return s.privileged || s.capabilities.has(cap);
}

/** The security settings a container actually runs with. */
export function effectiveSecurity(
  spec: PodSpec,
  container: Container,
  annotations: Record<string, string> = {},
): EffectiveSecurity {
  const pod = spec.securityContext ?? {};
  const c = container.securityContext ?? {};
  const privileged = c.privileged === true;
  const add = (c.capabilities?.add ?? []).map(normaliseCapability);
  const drop = (c.capabilities?.drop ?? []).map(normaliseCapability);
  let caps = new Set(DEFAULT_CAPABILITIES);
  if (add.includes('ALL')) caps = new Set(ALL_CAPABILITIES);
  if (drop.includes('ALL')) caps = new Set();
  for (const a of add) if (a !== 'ALL') caps.add(a);
  for (const d of drop) if (d !== 'ALL') caps.delete(d);
  const runAsUser = c.runAsUser ?? pod.runAsUser ?? undefined;
  const runAsNonRoot = c.runAsNonRoot ?? pod.runAsNonRoot ?? undefined;
  // runAsNonRoot makes the kubelet refuse to start a root process, so it rules root out.
  const root: RootStatus =
    runAsUser === 0 ? 'root' : runAsUser !== undefined || runAsNonRoot === true ? 'non-root' : 'unknown';
  const appArmor =
    c.appArmorProfile?.type ??
    pod.appArmorProfile?.type ??
    annotations[`container.apparmor.security.beta.kubernetes.io/${container.name}`];
  return {
    privileged,
    capabilities: caps,
    root,
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    // Defaults to true unless the container is non-privileged with no_new_privs set; privileged implies it.
    allowPrivilegeEscalation: privileged || c.allowPrivilegeEscalation !== false,
    readOnlyRootFilesystem: c.readOnlyRootFilesystem === true,
    ...((c.seccompProfile?.type ?? pod.seccompProfile?.type)
      ? { seccomp: (c.seccompProfile?.type ?? pod.seccompProfile?.type)! }
      : {}),
    ...(appArmor ? { appArmor } : {}),
  };
}
