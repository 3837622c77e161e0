/**
 * Sets of allowed connections: for each protocol (TCP, UDP, SCTP), sorted disjoint inclusive
 * port ranges within 1–65535. Printed the way netpol-analyzer prints them ("All Connections",
 * or "SCTP 8956,TCP 8080-8081,UDP 53"): protocols in alphabetical order, ranges ascending and
 * merged when adjacent.
 */
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
type Range = readonly [number, number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

function normalise(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export class ConnectionSet {
  private constructor(private readonly ports: Readonly<Record<Protocol, Range[]>>) {}

  static none(): ConnectionSet {
    return new ConnectionSet({ SCTP: [], TCP: [], UDP: [] });
  }

  static all(): ConnectionSet {
    return new ConnectionSet({
      SCTP: [[MIN_PORT, MAX_PORT]],
      TCP: [[MIN_PORT, MAX_PORT]],
      UDP: [[MIN_PORT, MAX_PORT]],
    });
  }

  /** One protocol on an inclusive port range (the whole range when `from` is undefined). */
  static of(protocol: Protocol, from = MIN_PORT, to = from === MIN_PORT ? MAX_PORT : from): ConnectionSet {
    const ports = { SCTP: [], TCP: [], UDP: [] } as Record<Protocol, Range[]>;
    ports[protocol] = [[Math.max(MIN_PORT, from), Math.min(MAX_PORT, to)]];
    return new ConnectionSet(ports);
  }

  union(other: ConnectionSet): ConnectionSet {
    const ports = {} as Record<Protocol, Range[]>;
    for (const p of PROTOCOLS) ports[p] = normalise([...this.ports[p], ...other.ports[p]]);
    return new ConnectionSet(ports);
  }

  intersect(other: ConnectionSet): ConnectionSet {
    const ports = {} as Record<Protocol, Range[]>;
    for (const p of PROTOCOLS) {
      const out: Range[] = [];
      for (const [a, b] of this.ports[p])
        for (const [c, d] of other.ports[p])
          if (Math.max(a, c) <= Math.min(b, d)) out.push([Math.max(a, c), Math.min(b, d)]);
      ports[p] = normalise(out);
    }
    return new ConnectionSet(ports);
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.ports[p].length === 0);
  }

  isAll(): boolean {
    return PROTOCOLS.every(
      (p) =>
        this.ports[p].length === 1 && this.ports[p][0]![0] === MIN_PORT && this.ports[p][0]![1] === MAX_PORT,
    );
  }

  /** True when the protocol/port is in the set. */
  allows(protocol: Protocol, port: number): boolean {
    return this.ports[protocol].some(([lo, hi]) => port >= lo && port <= hi);
  }

  /** netpol-analyzer's text form. */
  toString(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    return PROTOCOLS.filter((p) => this.ports[p].length)
      .map(
        (p) => `${p} ${this.ports[p].map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(',')}`,
      )
      .join(',');
  }

  /** Plain data, for JSON. */
  toJSON(): Record<Protocol, [number, number][]> | 'all' {
    if (this.isAll()) return 'all';
    return Object.fromEntries(PROTOCOLS.map((p) => [p, this.ports[p].map((r) => [r[0], r[1]])])) as Record<
      Protocol,
      [number, number][]
    >;
  }
}
