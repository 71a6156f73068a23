import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * [SSRF] Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE=true:
 * loopback, private, link-local (cloud metadata), shared, multicast and
 * reserved ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 is checked as IPv4).
 */
const privateRanges = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  privateRanges.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return privateRanges.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
}

/**
 * Resolves a URL's host to the address a delivery connects to, refusing a
 * private one unless allowed. The caller connects to this very address (the
 * host name goes in Host and TLS SNI), so DNS that changes between the check
 * and the connection changes nothing.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const found = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  const usable = allowPrivate ? found : found.filter((a) => !isPrivateAddress(a.address));
  const first = usable[0];
  if (!first) {
    throw new PrivateAddressError(
      `${host} resolves to a private address (${found.map((a) => a.address).join(', ')}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`,
    );
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
