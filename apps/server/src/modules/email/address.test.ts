import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { newId } from '../../lib/ids.js';
import { base32Decode, base32Encode, caseAddress, idToken, inboxAddress, parseInboundAddress, tokenToId } from './address.js';

describe('case addresses', () => {
  it('encode an id as 20 lowercase base32 characters and decode it back, whatever the casing', () => {
    for (let i = 0; i < 200; i++) {
      const id = newId();
      const token = idToken(id);
      expect(token).toMatch(/^[a-z2-7]{20}$/);
      expect(tokenToId(token ?? '')).toBe(id);
      expect(tokenToId((token ?? '').toUpperCase())).toBe(id);
    }
  });

  it('refuse tokens that are not canonical (so one case has exactly one address)', () => {
    expect(tokenToId('a'.repeat(19))).toBeNull();
    expect(tokenToId('0'.repeat(20))).toBeNull();
    // The last character carries 4 padding bits that must be zero.
    const token = idToken(newId()) ?? '';
    const last = token.at(-1) ?? 'a';
    const other = 'abcdefghijklmnopqrstuvwxyz234567'.split('').find((c) => c !== last && tokenToId(token.slice(0, -1) + c) === null);
    expect(other).toBeDefined();
    expect(base32Decode(base32Encode(Uint8Array.from([1, 2, 3])))).toEqual(Uint8Array.from([1, 2, 3]));
  });

  it('parse case and inbox addresses of our domain only, ignoring +tags and case', () => {
    const caseId = newId();
    const workspaceId = newId();
    const address = caseAddress(caseId, 'mail.example.com');
    expect(address).toMatch(/^case-[a-z2-7]{20}@mail\.example\.com$/);
    expect(parseInboundAddress(address.toUpperCase(), 'mail.example.com')).toEqual({ kind: 'case', caseId });
    expect(parseInboundAddress(address.replace('@', '+quote@'), 'mail.example.com')).toEqual({ kind: 'case', caseId });
    expect(parseInboundAddress(address, 'other.example.com')).toBeNull();
    expect(parseInboundAddress(inboxAddress(workspaceId, 'mail.example.com'), 'mail.example.com')).toEqual({ kind: 'inbox', workspaceId });
    expect(parseInboundAddress('case-nonsense@mail.example.com', 'mail.example.com')).toBeNull();
    expect(parseInboundAddress('postmaster@mail.example.com', 'mail.example.com')).toBeNull();
  });

  it('take MAIL_DOMAIN, else the host of PUBLIC_URL, else casehub.localhost; a bad value names the variable', () => {
    expect(loadConfig({}).mailDomain).toBe('casehub.localhost');
    expect(loadConfig({ PUBLIC_URL: 'https://Cases.Example.com/' }).mailDomain).toBe('cases.example.com');
    expect(loadConfig({ MAIL_DOMAIN: 'Mail.Example.com', PUBLIC_URL: 'https://x.example' }).mailDomain).toBe('mail.example.com');
    expect(() => loadConfig({ MAIL_DOMAIN: 'not a domain' })).toThrow(/MAIL_DOMAIN="not a domain"/);
  });
});
