import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Who is asking: the peer's address, or, behind TRUST_PROXY reverse proxies,
 * the address the outermost of them saw. Each proxy appends the address it
 * got the request from to X-Forwarded-For, so with `hops` trusted proxies the
 * client is the entry `hops` from the right (counting the peer itself as the
 * last hop); anything further left was written by the client and proves
 * nothing. A header shorter than the chain it should have passed means a
 * request that did not come through the proxies: the peer's address stands.
 */
export function clientAddress(c: Context, hops: number): string {
  const peer = peerAddress(c);
  if (hops === 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain.length > hops ? (chain[chain.length - 1 - hops] ?? peer) : peer;
}

/** Whether the client reached the outermost proxy over HTTPS (X-Forwarded-Proto, believed only behind TRUST_PROXY). */
export function clientUsesHttps(c: Context, hops: number): boolean {
  if (hops === 0) return new URL(c.req.url).protocol === 'https:';
  const protos = (c.req.header('x-forwarded-proto') ?? '').split(',').map((s) => s.trim().toLowerCase());
  return protos[0] === 'https';
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Who is signing in from where (the address as clientAddress sees it, and the browser's User-Agent), kept on a session. */
export function clientOf(c: Context, hops: number): { address: string; userAgent: string } {
  return { address: clientAddress(c, hops), userAgent: c.req.header('user-agent') ?? '' };
}
