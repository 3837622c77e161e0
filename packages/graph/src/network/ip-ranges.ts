/**
 * IP blocks as address ranges (with ipaddr.js): a CIDR minus its `except` CIDRs, as sorted
 * disjoint inclusive ranges of numbers. IPv4 ranges are numbers; IPv6 ranges are bigints.
 */
import ipaddr from 'ipaddr.js';

export type Family = 'ipv4' | 'ipv6';
export interface IpRange {
  family: Family;
  lo: bigint;
  hi: bigint;
}

function toBig(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** The inclusive range of a CIDR, or null when it does not parse. */
export function cidrRange(cidr: string): IpRange | null {
  try {
    const [addr, bits] = ipaddr.parseCIDR(cidr);
    const family: Family = addr.kind();
    const width = family === 'ipv4' ? 32n : 128n;
    const base = toBig(addr);
    const size = 1n << (width - BigInt(bits));
    const lo = (base / size) * size;
    return { family, lo, hi: lo + size - 1n };
  } catch {
    return null;
  }
}

/** One address as a single-address range, or null. */
export function addressRange(ip: string): IpRange | null {
  try {
    const addr = ipaddr.parse(ip);
    const n = toBig(addr);
    return { family: addr.kind(), lo: n, hi: n };
  } catch {
    return null;
  }
}

/** A CIDR minus its exceptions, as disjoint ranges (empty when the CIDR does not parse). */
export function ipBlockRanges(cidr: string, except: readonly string[] = []): IpRange[] {
  const base = cidrRange(cidr);
  if (!base) return [];
  let ranges: IpRange[] = [base];
  for (const e of except) {
    const cut = cidrRange(e);
    if (!cut || cut.family !== base.family) continue;
    ranges = ranges.flatMap((r) => {
      if (cut.hi < r.lo || cut.lo > r.hi) return [r];
      const out: IpRange[] = [];
      if (cut.lo > r.lo) out.push({ family: r.family, lo: r.lo, hi: cut.lo - 1n });
      if (cut.hi < r.hi) out.push({ family: r.family, lo: cut.hi + 1n, hi: r.hi });
      return out;
    });
  }
  return ranges;
}

/** True when the whole of `inner` lies inside one of `ranges`. */
export const covers = (ranges: readonly IpRange[], inner: IpRange) =>
  ranges.some((r) => r.family === inner.family && r.lo <= inner.lo && inner.hi <= r.hi);

/** Dotted quad of an IPv4 number. */
export function ipv4String(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

export const IPV4_ALL: IpRange = { family: 'ipv4', lo: 0n, hi: (1n << 32n) - 1n };
