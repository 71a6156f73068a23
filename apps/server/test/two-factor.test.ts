import { docName, readFields, writeFields } from '@casehub/case-document';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { recoveryCodes, users } from '../src/storage/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  featureBackends,
  Client,
  connect,
  createCase,
  inviteGuest,
  inviteMember,
  rawSocket,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type TestEnv,
} from './helpers.js';

/** The code an authenticator app shows `steps` periods of 30 s from now. */
const codeAt = (secret: string, steps = 0): Promise<string> => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

/**
 * Two-factor sign-in, sessions you can see, and API tokens with a scope and
 * an expiry (issue 14.2 and 14.4), over HTTP and /sync.
 */
describe.each(featureBackends)('two-factor sign-in, sessions and tokens on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  }, 60_000);
  afterAll(() => env.stop());

  /** Enrols `client` and answers the secret and the recovery codes. */
  async function enrol(client: Client): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await client.post('/api/me/2fa/setup');
    expect(setup.status).toBe(200);
    const confirmed = await client.post('/api/me/2fa/confirm', { code: await codeAt(setup.body.secret) });
    expect(confirmed.status).toBe(200);
    return { secret: setup.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  it('[issue 14.2] enrol by QR code, sign in with a code (each code once), a recovery code (each once), five wrong codes end the sign-in, turn it off with the password', async () => {
    const email = `twofa-${Date.now()}@example.test`;
    const { client } = await signUp(url, { email, password: 'the right password' });
    expect((await client.get('/api/me/2fa')).body).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });

    const setup = await client.post('/api/me/2fa/setup');
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Casehub:.*secret=/);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    const wrong = await client.post('/api/me/2fa/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/not right/);
    const enrolCode = await codeAt(setup.body.secret);
    const confirmed = await client.post('/api/me/2fa/confirm', { code: enrolCode });
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    // At rest the secret is sealed under SECRET_KEY, and recovery codes are kept only as hashes.
    const [stored] = await env.server.database.db.select().from(users).where(eq(users.email, email));
    expect(stored?.totpSecret).toMatch(/^v1:/);
    expect(stored?.totpSecret).not.toContain(setup.body.secret);
    const kept = await env.server.database.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, stored?.id ?? ''));
    expect(kept.map((r) => r.codeHash)).not.toContain(codes[0]);
    expect(new Set(codes).size).toBe(10);
    expect((await client.get('/api/me/2fa')).body).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });

    // The password alone is no longer a session.
    const anon = new Client(url);
    const first = await anon.post('/api/auth/login', { email, password: 'the right password' });
    expect(first.status).toBe(200);
    expect(first.body.twoFactor.mode).toBe('code');
    expect(anon.cookie).toBe('');
    expect((await anon.get('/api/me')).status).toBe(401);
    // The code that confirmed the enrolment was used: replayed, refused.
    const replay = await anon.post('/api/auth/login/2fa', { challenge: first.body.twoFactor.challenge, code: enrolCode });
    expect(replay.status).toBe(400);
    const next = await codeAt(setup.body.secret, 1);
    const done = await anon.post('/api/auth/login/2fa', { challenge: first.body.twoFactor.challenge, code: next });
    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(email);
    expect((await anon.get('/api/me')).status).toBe(200);
    // The challenge is single use, and so is that code in a new one.
    expect((await new Client(url).post('/api/auth/login/2fa', { challenge: first.body.twoFactor.challenge, code: next })).status).toBe(401);
    const second = await new Client(url).post('/api/auth/login', { email, password: 'the right password' });
    expect((await new Client(url).post('/api/auth/login/2fa', { challenge: second.body.twoFactor.challenge, code: next })).status).toBe(400);

    // A recovery code, typed loosely, works once.
    const viaRecovery = new Client(url);
    const third = await viaRecovery.post('/api/auth/login', { email, password: 'the right password' });
    const loose = ` ${(codes[0] ?? '').toUpperCase().replace('-', ' ')} `;
    expect((await viaRecovery.post('/api/auth/login/2fa', { challenge: third.body.twoFactor.challenge, code: loose })).status).toBe(200);
    const fourth = await new Client(url).post('/api/auth/login', { email, password: 'the right password' });
    expect((await new Client(url).post('/api/auth/login/2fa', { challenge: fourth.body.twoFactor.challenge, code: codes[0] })).status).toBe(400);
    expect((await client.get('/api/me/2fa')).body.recoveryCodesLeft).toBe(9);

    // Guessing: five wrong codes, then the challenge is gone even for the right one.
    const guesser = new Client(url);
    const fifth = await guesser.post('/api/auth/login', { email, password: 'the right password' });
    for (let i = 0; i < 5; i++) {
      expect((await guesser.post('/api/auth/login/2fa', { challenge: fifth.body.twoFactor.challenge, code: String(100000 + i) })).status).toBe(400);
    }
    expect((await guesser.post('/api/auth/login/2fa', { challenge: fifth.body.twoFactor.challenge, code: codes[1] })).status).toBe(429);
    expect((await guesser.post('/api/auth/login/2fa', { challenge: fifth.body.twoFactor.challenge, code: codes[1] })).status).toBe(401);
    expect((await guesser.post('/api/auth/login/2fa', { challenge: 'chl_made-up', code: codes[1] })).status).toBe(401);

    // Off, with the password.
    expect((await client.request('DELETE', '/api/me/2fa', { password: 'not it' })).status).toBe(403);
    expect((await client.request('DELETE', '/api/me/2fa', { password: 'the right password' })).status).toBe(204);
    const plain = await new Client(url).post('/api/auth/login', { email, password: 'the right password' });
    expect(plain.body.user.email).toBe(email);
  });

  it('[issue 14.2] an owner requires it: members without it are signed out and enrol at their next sign-in or invite, guests are not asked, an admin resets a lost device (audited)', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const member = await inviteMember(url, owner.client);
    const guest = await inviteGuest(url, owner.client, c.id, 'viewer');
    const guestEmail = (await guest.client.get('/api/me')).body.user.email as string;

    const tooSoon = await owner.client.put('/api/workspace/security', { require2fa: true });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.error.message).toMatch(/for yourself first/);
    expect((await member.client.put('/api/workspace/security', { require2fa: true })).status).toBe(403);
    await enrol(owner.client);
    expect((await owner.client.put('/api/workspace/security', { require2fa: true })).body).toMatchObject({ require2fa: true, ssoOnly: false });

    // The member's session ended; the owner's and the guest's did not.
    expect((await member.client.get('/api/me')).status).toBe(401);
    expect((await owner.client.get('/api/me')).status).toBe(200);
    expect((await guest.client.get('/api/me')).status).toBe(200);
    expect((await new Client(url).post('/api/auth/login', { email: guestEmail, password: 'another good password' })).body.user).toBeDefined();

    // The member enrols on the way in.
    const back = new Client(url);
    const login = await back.post('/api/auth/login', { email: member.email, password: 'another good password' });
    expect(login.body.twoFactor.mode).toBe('setup');
    const setup = await back.post('/api/auth/login/2fa/setup', { challenge: login.body.twoFactor.challenge });
    const signedIn = await back.post('/api/auth/login/2fa', { challenge: login.body.twoFactor.challenge, code: await codeAt(setup.body.secret) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.recoveryCodes).toHaveLength(10);
    expect((await back.get('/api/me/2fa')).body).toEqual({ enabled: true, recoveryCodesLeft: 10, required: true });
    expect((await back.request('DELETE', '/api/me/2fa', { password: 'another good password' })).status).toBe(403);

    // A new member's invite is no way around it.
    const invite = await owner.client.post('/api/invites', { email: `late-${Date.now()}@example.test`, role: 'member' });
    const joiner = new Client(url);
    const accepted = await joiner.post(`/api/invites/${invite.body.token}/accept`, { name: 'Late', password: 'a good password here' });
    expect(accepted.body.twoFactor.mode).toBe('setup');
    expect(joiner.cookie).toBe('');

    // Lost phone: an admin resets it; only owners and admins may.
    expect((await back.request('DELETE', `/api/workspace/members/${owner.me.user.id}/2fa`)).status).toBe(403);
    expect((await owner.client.request('DELETE', `/api/workspace/members/${member.me.user.id}/2fa`)).status).toBe(204);
    expect((await back.get('/api/me')).status).toBe(401);
    const audit = await owner.client.get('/api/audit?action=user.2fa_reset');
    expect(audit.body.entries.map((e: { action: string; subjectId: string }) => [e.action, e.subjectId])).toContainEqual(['user.2fa_reset', member.me.user.id]);
    const members = await owner.client.get('/api/workspace/members');
    expect(members.body.members.find((m: { userId: string }) => m.userId === member.me.user.id).twoFactor).toBe(false);
    expect(members.body.members.find((m: { userId: string }) => m.userId === owner.me.user.id).twoFactor).toBe(true);
  });

  it('[issue 14.4] your sessions, with device and address; sign one out (its socket closes) or every other', async () => {
    const email = `sessions-${Date.now()}@example.test`;
    const { client: first } = await signUp(url, { email, password: 'the right password' });
    const second = new Client(url);
    await second.request('POST', '/api/auth/login', { email, password: 'the right password' }, { 'user-agent': 'Phone Browser/1.0' });
    const third = new Client(url);
    await third.post('/api/auth/login', { email, password: 'the right password' });
    const c = await createCase(first);
    const socket = rawSocket(`${url.replace(/^http/, 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: second.cookie });
    expect(await socket.opened).toBe(true);

    const list = await first.get('/api/sessions');
    expect(list.body.sessions).toHaveLength(3);
    expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const phone = list.body.sessions.find((s: { userAgent: string }) => s.userAgent === 'Phone Browser/1.0');
    expect(phone).toMatchObject({ address: '127.0.0.1', current: false });
    expect(JSON.stringify(list.body)).not.toContain(second.cookie.split('=')[1]);

    // Another person's session is not yours to end.
    const stranger = await signUp(url);
    expect((await stranger.client.delete(`/api/sessions/${phone.id}`)).status).toBe(404);
    expect((await first.delete(`/api/sessions/${phone.id}`)).status).toBe(204);
    expect((await socket.closed).code).toBe(4401);
    expect((await second.get('/api/me')).status).toBe(401);

    expect((await first.post('/api/sessions/sign-out-others')).body).toEqual({ ended: 1 });
    expect((await third.get('/api/me')).status).toBe(401);
    expect((await first.get('/api/me')).status).toBe(200);
    expect((await first.get('/api/sessions')).body.sessions).toHaveLength(1);
  });

  it('[issue 14.4] a read token reads over HTTP and /sync but changes nothing; an expired token stops at once, its open socket too', async () => {
    const { client } = await signUp(url);
    const c = await createCase(client, { title: 'Scoped' });
    const read = await client.post('/api/tokens', { name: 'reporting', scope: 'read' });
    expect(read.status).toBe(201);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const asRead = new Client(url);
    expect((await asRead.request('GET', '/api/cases', undefined, bearer(read.body.token))).status).toBe(200);
    const write = await asRead.request('POST', '/api/cases', { title: 'nope', kind: 'deal' }, bearer(read.body.token));
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/may only read/);
    // A read token cannot mint a read-write one.
    expect((await asRead.request('POST', '/api/tokens', { name: 'escalate' }, bearer(read.body.token))).status).toBe(403);

    // On /sync it reads live, and its writes are refused; the same person's session, admitted at the same
    // moment, still writes (an access lookup in flight for one credential is not the other's).
    const name = docName(c.id, 'team');
    const owner = connect(url, name, { cookie: client.cookie });
    const reader = connect(url, name, { token: read.body.token });
    await Promise.all([synced(owner.provider), synced(reader.provider)]);
    expect(readFields(reader.doc).title).toBe('Scoped');
    writeFields(reader.doc, { title: 'Written with a read token' });
    writeFields(owner.doc, { stage: 'proposal' });
    await waitFor(() => readFields(reader.doc).stage === 'proposal', 'the reader to see the marker');
    expect(readFields(owner.doc).title).toBe('Scoped');
    owner.provider.destroy();
    reader.provider.destroy();

    // Expiry: listed with it, working until then, then not, on HTTP and on the socket.
    expect((await client.post('/api/tokens', { name: 'past', expiresAt: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    const brief = await client.post('/api/tokens', { name: 'brief', scope: 'read-write', expiresAt });
    const listed = (await client.get('/api/tokens')).body.tokens.find((t: { id: string }) => t.id === brief.body.id);
    expect(listed).toMatchObject({ scope: 'read-write', expiresAt: new Date(expiresAt).toISOString() });
    expect((await asRead.request('GET', '/api/me', undefined, bearer(brief.body.token))).status).toBe(200);
    const socket = rawSocket(`${url.replace(/^http/, 'ws')}/sync/${name}?token=${brief.body.token}`);
    expect(await socket.opened).toBe(true);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(expiresAt).getTime() - 50);
    const after = await asRead.request('GET', '/api/me', undefined, bearer(brief.body.token));
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/expired/);
    expect((await client.get('/api/tokens')).body.tokens.some((t: { id: string }) => t.id === brief.body.id)).toBe(false);
  });
});
