/**
 * Vulnerability scans on the graph: each scan is matched to the containers it is about, each
 * matched container vertex gets a summary (counts by severity, the worst few ids), and a
 * container with a *known* remotely exploitable vulnerability gets the evidence the exploit
 * step into it carries, and its lower cost:
 *
 * - in CISA's KEV catalog (exploited in the wild): cost 3;
 * - CRITICAL and network-exploitable (CVSS `AV:N`, or no vector given): cost 4;
 * - HIGH with `AV:N`: cost 5.
 *
 * Medium and low `AV:N` CVEs are counted, not called known exploits: rarely code execution.
 *
 * Matching: a report about a workload (trivy-operator, trivy k8s) matches the containers of
 * that workload in its namespace — a ReplicaSet's report its Deployment's pods (by the
 * ReplicaSet's owner, or by the `<deployment>-<hash>` name when the ReplicaSet is not in the
 * input), a Job's its CronJob's — and then the container it names, or the one running its
 * image. A report about an image (trivy image, grype) matches every container running it,
 * by reference (registry defaults as the container runtime applies them) or digest.
 */
import type { CveSeverity, ImageScan, Snapshot, VertexId, Vulnerability } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import { podContainers } from '../workloads/workload-graph.js';
import type { EffectivePod } from '../workloads/pods.js';

/** What the exploit step into a container knows. */
export interface KnownExploit {
  cost: 3 | 4 | 5;
  /** One line: `CVE-2021-44228 (in CISA KEV: exploited in the wild); fixed in log4j-core 2.15.0`. */
  summary: string;
  /** The report it comes from (its file in the note). */
  evidence: Evidence;
}

/** What a container's matched scans say, summarised for its vertex. */
export interface ContainerVulnerabilities {
  counts: Record<CveSeverity, number>;
  /** The worst few ids, most severe first. */
  worst: string[];
  /** The objects the scans came from. */
  reports: string[];
  /** The fixed versions of the worst, where the scanner gave one (`openssl 3.0.13`). */
  fixes: string[];
}

export interface VulnerabilityMatch {
  byContainer: Map<VertexId, ContainerVulnerabilities>;
  known: Map<VertexId, KnownExploit>;
  /** Scans that matched no container of the snapshot. */
  unmatched: ImageScan[];
  containersWithReport: number;
  containers: number;
}

const RANK: Record<CveSeverity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, UNKNOWN: 4 };
const WORST_SHOWN = 5;

/** An image reference as the runtime resolves it: `nginx` is `docker.io/library/nginx:latest`. */
export function normaliseImage(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0]!;
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) rest = `docker.io/${parts.length === 1 ? 'library/' : ''}${rest}`;
  rest = rest.replace(/^(index\.docker\.io|registry-1\.docker\.io)\//, 'docker.io/');
  if (!tag && !digest) tag = 'latest';
  return { name: rest.toLowerCase(), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function sameImage(a: string, b: string): boolean {
  const x = normaliseImage(a);
  const y = normaliseImage(b);
  if (x.name !== y.name) return false;
  if (x.digest && y.digest) return x.digest === y.digest;
  return x.tag !== undefined && x.tag === y.tag;
}

/** The workloads a pod answers to, as `Kind/ns/name`: itself, its controller chain, its template owner. */
function workloadKeys(pod: EffectivePod): string[] {
  const keys = [`${pod.owner.kind}/${pod.namespace}/${pod.owner.name}`];
  if (pod.controller) keys.push(`${pod.controller.kind}/${pod.namespace}/${pod.controller.name}`);
  if (pod.workload) {
    const [kind, name] = pod.workload.split(' ');
    keys.push(`${kind}/${pod.namespace}/${name}`);
  }
  return keys;
}

/** A ReplicaSet's controller (`Kind/ns/name`) by `ns/name`, for reports that name the ReplicaSet. */
function replicaSetOwners(snapshot: Snapshot): Map<string, { kind: string; name: string }> {
  const out = new Map<string, { kind: string; name: string }>();
  for (const rs of snapshot.objects.replicaSets) {
    const owner = rs.metadata.ownerReferences?.find((o) => o.controller);
    if (owner) out.set(`${rs.metadata.namespace ?? 'default'}/${rs.metadata.name}`, owner);
  }
  return out;
}

/** The workload a report names, and the ones above it the input may show instead. */
function subjectKeys(
  owners: ReadonlyMap<string, { kind: string; name: string }>,
  kind: string,
  namespace: string,
  name: string,
): string[] {
  const keys = [`${kind}/${namespace}/${name}`];
  const hashless = name.replace(/-[a-z0-9]{1,10}$/, '');
  if (kind === 'ReplicaSet') {
    const owner = owners.get(`${namespace}/${name}`);
    if (owner) keys.push(`${owner.kind}/${namespace}/${owner.name}`);
    else if (hashless !== name) keys.push(`Deployment/${namespace}/${hashless}`);
  }
  if (kind === 'Job' && /-\d+$/.test(name)) keys.push(`CronJob/${namespace}/${name.replace(/-\d+$/, '')}`);
  return keys;
}

function summarise(vulns: Vulnerability[], reports: string[]): ContainerVulnerabilities {
  const counts: Record<CveSeverity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
  for (const v of vulns) counts[v.severity]++;
  const worst = [...vulns].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || (b.score ?? 0) - (a.score ?? 0),
  );
  const top = [...new Set(worst.map((v) => v.id))].slice(0, WORST_SHOWN);
  const fixes = worst
    .filter((v) => top.includes(v.id) && v.fixedVersion)
    .map((v) => `${v.package ?? v.id} ${v.fixedVersion}`);
  return { counts, worst: top, reports: [...new Set(reports)], fixes: [...new Set(fixes)] };
}

const isNetwork = (v: Vulnerability) => (v.vector ? /(^|\/)AV:N(\/|$)/.test(v.vector) : undefined);

/** The known exploit among a container's vulnerabilities, if any: the cheapest evidence wins. */
function knownExploit(
  vulns: { v: Vulnerability; scan: ImageScan }[],
  kev: ReadonlySet<string>,
): KnownExploit | undefined {
  const pick = (cost: 3 | 4 | 5, hits: typeof vulns, why: string): KnownExploit | undefined => {
    if (hits.length === 0) return undefined;
    const ids = [...new Set(hits.map((h) => h.v.id))].slice(0, 3);
    const { scan } = hits[0]!;
    const fixed = hits.find((h) => h.v.fixedVersion)?.v;
    const [kind, ...rest] = scan.source.object.split(' ');
    const object = rest.join(' ');
    const slash = object.lastIndexOf('/');
    const fix = fixed ? `; fixed in ${fixed.package ? `${fixed.package} ` : ''}${fixed.fixedVersion}` : '';
    const report = kind === 'VulnerabilityReport' && slash > 0;
    return {
      cost,
      summary: `${ids.join(', ')} (${why})${fix}`,
      evidence: {
        kind: report ? 'VulnerabilityReport' : `${scan.source.format} report`,
        ...(report ? { namespace: object.slice(0, slash) } : {}),
        name: report ? object.slice(slash + 1) : object,
        path: '',
        note: scan.source.file,
      },
    };
  };
  const inKev = (v: Vulnerability) => kev.has(v.id) || (v.aliases ?? []).some((a) => kev.has(a));
  return (
    pick(
      3,
      vulns.filter((x) => inKev(x.v)),
      'in CISA KEV: exploited in the wild',
    ) ??
    pick(
      4,
      vulns.filter((x) => x.v.severity === 'CRITICAL' && isNetwork(x.v) !== false),
      'critical, network-exploitable',
    ) ??
    pick(
      5,
      vulns.filter((x) => x.v.severity === 'HIGH' && isNetwork(x.v) === true),
      'high, network-exploitable',
    )
  );
}

/** Matches a snapshot's scans to the containers of its pods. */
export function matchVulnerabilities(snapshot: Snapshot, pods: readonly EffectivePod[]): VulnerabilityMatch {
  const scans = snapshot.evidence?.imageScans ?? [];
  const kev = new Set(snapshot.evidence?.kev?.ids ?? []);
  type Containers = ReturnType<typeof podContainers>;
  /** The containers of the pods that answer to each workload key (`Kind/ns/name`). */
  const byWorkload = new Map<string, Containers[]>();
  // Containers by image name (registry and repository, no tag): an image scan looks up its own.
  // Only built when some scan is by image (trivy-operator reports name workloads).
  const byImage = scans.some((scan) => scan.subject.by === 'image');
  const byImageName = new Map<string, Containers[number][]>();
  let containerCount = 0;
  for (const pod of pods) {
    const containers = podContainers(pod);
    containerCount += containers.length;
    for (const c of containers) {
      if (!byImage || !c.container.image) continue;
      const name = normaliseImage(c.container.image).name;
      const list = byImageName.get(name) ?? [];
      list.push(c);
      byImageName.set(name, list);
    }
    for (const k of workloadKeys(pod)) {
      const list = byWorkload.get(k);
      if (list) list.push(containers);
      else byWorkload.set(k, [containers]);
    }
  }
  const owners = replicaSetOwners(snapshot);
  // Per container, the numbers of the scans that match it: most share one scan with the other
  // replicas of their workload, so each distinct set is summarised once.
  const found = new Map<VertexId, number[]>();
  const unmatched: ImageScan[] = [];
  // Images compared once per distinct reference pair.
  const imageMatches = new Map<string, boolean>();
  const same = (a: string, b: string) => {
    const key = `${a}\u0000${b}`;
    let hit = imageMatches.get(key);
    if (hit === undefined) imageMatches.set(key, (hit = sameImage(a, b)));
    return hit;
  };
  scans.forEach((scan, n) => {
    const targets = new Set<VertexId>();
    const s = scan.subject;
    if (s.by === 'workload') {
      for (const k of subjectKeys(owners, s.kind, s.namespace, s.name)) {
        for (const containers of byWorkload.get(k) ?? []) {
          for (const c of containers) {
            const hit = s.container
              ? c.container.name === s.container
              : s.image
                ? !!c.container.image && same(c.container.image, s.image)
                : true;
            if (hit) targets.add(c.id);
          }
        }
      }
    } else {
      for (const ref of s.references)
        for (const c of byImageName.get(normaliseImage(ref).name) ?? [])
          if (same(c.container.image!, ref)) targets.add(c.id);
    }
    if (targets.size === 0) unmatched.push(scan);
    for (const id of targets) {
      const list = found.get(id);
      if (list) list.push(n);
      else found.set(id, [n]);
    }
  });
  const byContainer = new Map<VertexId, ContainerVulnerabilities>();
  const known = new Map<VertexId, KnownExploit>();
  const bySet = new Map<string, { summary: ContainerVulnerabilities; exploit: KnownExploit | undefined }>();
  for (const [id, numbers] of found) {
    const key = numbers.join(',');
    let done = bySet.get(key);
    if (!done) {
      const list = numbers.flatMap((n) => scans[n]!.vulnerabilities.map((v) => ({ v, scan: scans[n]! })));
      done = {
        summary: summarise(
          list.map((x) => x.v),
          numbers.map((n) => scans[n]!.source.object),
        ),
        exploit: knownExploit(list, kev),
      };
      bySet.set(key, done);
    }
    byContainer.set(id, done.summary);
    if (done.exploit) known.set(id, done.exploit);
  }
  return { byContainer, known, unmatched, containersWithReport: found.size, containers: containerCount };
}
