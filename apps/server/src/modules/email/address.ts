/**
 * Inbound addresses. Case ids (and workspace ids) are base64url of 12 random
 * bytes, which mixes upper and lower case; mail systems may change the case of
 * a local part, so the address carries the same bytes in lowercase base32
 * (RFC 4648 alphabet, no padding): 20 characters, and any casing decodes the same.
 */

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
const idBytes = 12;
const tokenLength = Math.ceil((idBytes * 8) / 5);

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/** Null for anything that is not canonical base32 (so one id has exactly one token). */
export function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.toLowerCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return null;
  return Uint8Array.from(out);
}

/** The lowercase token of an id made by `newId()`, or null for an id of another shape. */
export function idToken(id: string): string | null {
  if (!/^[A-Za-z0-9_-]{16}$/.test(id)) return null;
  const bytes = Buffer.from(id, 'base64url');
  return bytes.byteLength === idBytes ? base32Encode(bytes) : null;
}

export function tokenToId(token: string): string | null {
  if (token.length !== tokenLength) return null;
  const bytes = base32Decode(token);
  return bytes && bytes.byteLength === idBytes ? Buffer.from(bytes).toString('base64url') : null;
}

export type InboundTarget = { kind: 'case'; caseId: string } | { kind: 'inbox'; workspaceId: string };

const prefixes = { case: 'case-', inbox: 'inbox-' } as const;

/** `case-<token>@domain`: mail to it lands on that case. */
export function caseAddress(caseId: string, domain: string): string {
  return `${prefixes.case}${idToken(caseId) ?? caseId.toLowerCase()}@${domain}`;
}

/** `inbox-<token>@domain`: the workspace's triage queue (or the case of the thread a reply belongs to). */
export function inboxAddress(workspaceId: string, domain: string): string {
  return `${prefixes.inbox}${idToken(workspaceId) ?? workspaceId.toLowerCase()}@${domain}`;
}

/**
 * What an address points at, if it is one of ours. A `+tag` after the token
 * is ignored, as mail systems commonly do, so `case-…+quote@` still arrives.
 */
export function parseInboundAddress(address: string, domain: string): InboundTarget | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const local = address.slice(0, at).toLowerCase().split('+')[0] ?? '';
  for (const kind of ['case', 'inbox'] as const) {
    if (!local.startsWith(prefixes[kind])) continue;
    const id = tokenToId(local.slice(prefixes[kind].length));
    if (!id) return null;
    return kind === 'case' ? { kind, caseId: id } : { kind, workspaceId: id };
  }
  return null;
}

/** Address comparison for the thread sender check: case-insensitive, trimmed. */
export const normalizeAddress = (address: string): string => address.trim().toLowerCase();
