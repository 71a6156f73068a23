import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { isPrivateAddress } from '../webhooks/net.js';

/**
 * [SSRF] Where a mailbox's servers may be. Link-local (cloud metadata at
 * 169.254.169.254, fe80::), unspecified, multicast and reserved addresses
 * are never reached. Loopback and private networks are, by default: a
 * self-hosted Casehub connecting to the company's own mail server on its
 * network is the common case, and only owners and admins add mailboxes.
 * MAILBOX_ALLOW_PRIVATE=false refuses those too (a hosted service).
 */
const never = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['169.254.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  never.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  never.addSubnet(net, bits, 'ipv6');
}

function neverReached(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return never.check(mapped[1], 'ipv4');
  const family = isIP(address);
  return family === 0 || never.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A failure before any byte reached the mail server: the name did not resolve, or to an address refused. */
export class MailHostError extends Error {
  override name = 'MailHostError';
  constructor(
    message: string,
    /** refused: it resolves, but to an address a mailbox may not point at. */
    readonly stage: 'dns' | 'refused',
  ) {
    super(message);
  }
}

/**
 * The address to connect to for `host`. The connection goes to this very
 * address (the name is kept for TLS), so DNS that changes between the check
 * and the connection changes nothing.
 */
export async function resolveMailHost(host: string, allowPrivate: boolean): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  let found: Array<{ address: string }>;
  if (isIP(bare)) found = [{ address: bare }];
  else {
    try {
      found = await lookup(bare, { all: true, verbatim: true });
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String(err.code) : '';
      throw new MailHostError(`${bare}: the name does not resolve (${code || 'DNS error'})`, 'dns');
    }
  }
  const usable = found.filter((a) => !neverReached(a.address) && (allowPrivate || !isPrivateAddress(a.address)));
  const first = usable[0];
  if (!first) {
    const addresses = found.map((a) => a.address).join(', ');
    throw new MailHostError(
      allowPrivate
        ? `${bare} resolves to ${addresses}, an address mail servers may not be at (link-local, multicast or reserved)`
        : `${bare} resolves to a private address (${addresses}); set MAILBOX_ALLOW_PRIVATE=true to allow it`,
      'refused',
    );
  }
  return first.address;
}
