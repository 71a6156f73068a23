import { docName } from '@casehub/case-document';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, Client, createCase, inviteMember, rawSocket, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';
import { testSmtp } from './smtp.js';

/**
 * Password reset (issue 14.1, DESIGN §10): `POST /api/auth/password-reset`
 * always answers 202 and mails a single-use link valid one hour over
 * SMTP_URL; `POST /api/auth/password-reset/<token>` sets the password and
 * ends every session of that person. Against a real SMTP server.
 */
describe.each(featureBackends)('password reset on %s', (backend) => {
  let env: TestEnv;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  beforeAll(async () => {
    smtp = await testSmtp();
    env = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_DOMAIN: 'mail.casehub.test' });
  }, 60_000);
  afterAll(async () => {
    await env.stop();
    await smtp.close();
  });

  /** The reset link in the newest mail to `to`. */
  async function mailedLink(to: string, after: number): Promise<string> {
    const mail = await waitFor(() => smtp.received.slice(after).find((m) => m.to.includes(to)), `a reset mail to ${to}`);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Reset your Casehub password');
    expect(parsed.from?.value[0]?.address).toBe('no-reply@mail.casehub.test');
    const link = /https?:\/\/\S+\/reset-password\/(\S+)/.exec(parsed.text ?? '');
    expect(link, parsed.text).not.toBeNull();
    return decodeURIComponent(link?.[1] ?? '');
  }

  it('[issue 14.1] the same 202 whether or not the address has an account; a mailed link sets the password once and ends every session and socket', async () => {
    const email = `forgetful-${Date.now()}@example.test`;
    const person = await signUp(env.server.url, { email, password: 'the old password 1' });
    const c = await createCase(person.client, { title: 'Open while resetting' });
    const socket = rawSocket(`${env.server.url.replace(/^http/, 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: person.client.cookie });
    expect(await socket.opened).toBe(true);

    const anon = new Client(env.server.url);
    const before = smtp.received.length;
    const known = await anon.post('/api/auth/password-reset', { email: email.toUpperCase() });
    const unknown = await anon.post('/api/auth/password-reset', { email: `nobody-${Date.now()}@example.test` });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ mailConfigured: true });

    const token = await mailedLink(email, before);
    // Only the account holder got mail.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.slice(before)).toHaveLength(1);

    expect((await anon.post(`/api/auth/password-reset/${encodeURIComponent(token)}`, { password: 'short' })).status).toBe(400);
    const done = await anon.post(`/api/auth/password-reset/${encodeURIComponent(token)}`, { password: 'a brand new password' });
    expect(done.status).toBe(204);

    // Every session ended, the open socket closed; the old password no longer works, the new one does.
    expect((await person.client.get('/api/me')).status).toBe(401);
    expect((await socket.closed).code).toBe(4401);
    expect((await anon.post('/api/auth/login', { email, password: 'the old password 1' })).status).toBe(401);
    expect((await new Client(env.server.url).post('/api/auth/login', { email, password: 'a brand new password' })).status).toBe(200);

    // Single use.
    const again = await anon.post(`/api/auth/password-reset/${encodeURIComponent(token)}`, { password: 'yet another password' });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/used already, has expired/);
    expect((await anon.post('/api/auth/password-reset/rst_made-up', { password: 'yet another password' })).status).toBe(400);
  });

  it('[issue 14.1] a link expires after an hour, and a newer one voids nothing until used; using one voids the others', async () => {
    const email = `twice-${Date.now()}@example.test`;
    await signUp(env.server.url, { email });
    const anon = new Client(env.server.url);
    let at = smtp.received.length;
    await anon.post('/api/auth/password-reset', { email });
    const first = await mailedLink(email, at);
    at = smtp.received.length;
    await anon.post('/api/auth/password-reset', { email });
    const second = await mailedLink(email, at);
    expect(second).not.toBe(first);
    expect((await anon.post(`/api/auth/password-reset/${encodeURIComponent(second)}`, { password: 'second link wins' })).status).toBe(204);
    expect((await anon.post(`/api/auth/password-reset/${encodeURIComponent(first)}`, { password: 'first link is void' })).status).toBe(400);

    at = smtp.received.length;
    await anon.post('/api/auth/password-reset', { email });
    const late = await mailedLink(email, at);
    await env.server.database.db.execute(`update password_resets set expires_at = now() - interval '1 second' where used_at is null`);
    expect((await anon.post(`/api/auth/password-reset/${encodeURIComponent(late)}`, { password: 'too late for this' })).status).toBe(400);
  });

  it('[issue 14.1] an owner issues a link for a member from the Members page; an admin may not for an owner; a member may not at all', async () => {
    const owner = await signUp(env.server.url);
    const admin = await inviteMember(env.server.url, owner.client);
    await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' });
    const member = await inviteMember(env.server.url, owner.client);

    const link = await owner.client.post(`/api/workspace/members/${member.me.user.id}/password-reset`, {});
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/\/reset-password\/rst_/);
    expect(new Date(link.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    const token = decodeURIComponent(String(link.body.url).split('/reset-password/')[1] ?? '');
    expect((await new Client(env.server.url).post(`/api/auth/password-reset/${encodeURIComponent(token)}`, { password: 'set by the link' })).status).toBe(204);
    expect((await new Client(env.server.url).post('/api/auth/login', { email: member.email, password: 'set by the link' })).status).toBe(200);

    expect((await admin.client.post(`/api/workspace/members/${owner.me.user.id}/password-reset`, {})).status).toBe(403);
    expect((await admin.client.post(`/api/workspace/members/${member.me.user.id}/password-reset`, {})).status).toBe(201);
    // The reset ended the member's sessions; another member tries.
    const other = await inviteMember(env.server.url, owner.client);
    expect((await other.client.post(`/api/workspace/members/${admin.me.user.id}/password-reset`, {})).status).toBe(403);
    expect((await owner.client.post('/api/workspace/members/no-such-user/password-reset', {})).status).toBe(404);
    const audit = await owner.client.get('/api/audit?action=user.password_reset_link');
    expect(audit.body.entries).toHaveLength(2);
  });
});

describe('password reset without outbound mail', () => {
  it('[issue 14.1] answers 202 with mailConfigured false, so the page can say an admin issues links', async () => {
    const env = await startTestServer('pglite');
    try {
      const email = `nomail-${Date.now()}@example.test`;
      await signUp(env.server.url, { email });
      const res = await new Client(env.server.url).post('/api/auth/password-reset', { email });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ mailConfigured: false });
    } finally {
      await env.stop();
    }
  });

  it('[issue 14.1] one client address gets 20 reset requests an hour, whichever addresses it asks for; then 429 for every address alike', async () => {
    const env = await startTestServer('pglite');
    try {
      const anon = new Client(env.server.url);
      // The one above is on another server: this client starts at zero here.
      for (let i = 0; i < 20; i++) expect((await anon.post('/api/auth/password-reset', { email: `someone-${i}@example.test` })).status).toBe(202);
      const limited = await anon.post('/api/auth/password-reset', { email: 'someone-else@example.test' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.message).toMatch(/^Too many password reset requests from your address \(at most 20 an hour\)/);
    } finally {
      await env.stop();
    }
  });
});
