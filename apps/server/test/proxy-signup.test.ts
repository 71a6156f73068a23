import { describe, expect, it } from 'vitest';
import { Client, inviteMember, signUp, startTestServer } from './helpers.js';

/** DESIGN §7 `TRUST_PROXY` and `SIGNUP` (issue 14). */

const person = (n: string) => ({
  email: `${n}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`,
  password: 'correct horse battery',
  name: n,
  workspaceName: `${n}'s team`,
});

describe('behind reverse proxies (TRUST_PROXY)', () => {
  it('[issue 14] with TRUST_PROXY=1 the per-address sign-up limit counts the client the proxy saw, and X-Forwarded-Proto https makes the cookie Secure', async () => {
    const env = await startTestServer('pglite', { TRUST_PROXY: '1', SIGNUPS_PER_HOUR: '2' });
    try {
      const anon = new Client(env.server.url);
      const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });
      // A client's own X-Forwarded-For entry is left of what the proxy appended: only the proxy's word counts.
      expect((await anon.request('POST', '/api/auth/signup', person('a1'), from('198.51.100.1, 203.0.113.5'))).status).toBe(201);
      expect((await anon.request('POST', '/api/auth/signup', person('a2'), from('198.51.100.2, 203.0.113.5'))).status).toBe(201);
      const third = await anon.request('POST', '/api/auth/signup', person('a3'), from('198.51.100.3, 203.0.113.5'));
      expect(third.status).toBe(429);
      // Another client behind the same proxy is not held back.
      const other = await anon.request('POST', '/api/auth/signup', person('b1'), from('203.0.113.6', { 'x-forwarded-proto': 'https' }));
      expect(other.status).toBe(201);
      expect(other.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      const plain = await anon.request('POST', '/api/auth/signup', person('b2'), from('203.0.113.7', { 'x-forwarded-proto': 'http' }));
      expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    } finally {
      await env.stop();
    }
  });

  it('[issue 14] without TRUST_PROXY, X-Forwarded-For and X-Forwarded-Proto are ignored: a client cannot choose its address', async () => {
    const env = await startTestServer('pglite', { SIGNUPS_PER_HOUR: '2' });
    try {
      const anon = new Client(env.server.url);
      for (const [i, ip] of ['203.0.113.1', '203.0.113.2'].entries()) {
        expect((await anon.request('POST', '/api/auth/signup', person(`c${i}`), { 'x-forwarded-for': ip })).status).toBe(201);
      }
      const third = await anon.request('POST', '/api/auth/signup', person('c3'), { 'x-forwarded-for': '203.0.113.3', 'x-forwarded-proto': 'https' });
      expect(third.status).toBe(429);
    } finally {
      await env.stop();
    }
  });
});

describe('SIGNUP=invite', () => {
  it('[issue 14] the first person on an empty server signs up; after that sign-up is refused and invites still work', async () => {
    const env = await startTestServer('pglite', { SIGNUP: 'invite' });
    try {
      const first = await signUp(env.server.url);
      const refused = await new Client(env.server.url).post('/api/auth/signup', person('late'));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('Sign-up is by invitation on this server: ask someone in your team to invite you');
      const invited = await inviteMember(env.server.url, first.client);
      expect((await invited.client.get('/api/me')).status).toBe(200);
    } finally {
      await env.stop();
    }
  });
});
