import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, Client, inviteGuest, createCase, inviteMember, signUp, startTestServer, type TestEnv } from './helpers.js';
import { startOidcProvider } from './oidc-provider.js';

/** A port nobody holds right now (the server must know its own URL before it starts: the provider wants its redirect URI). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

class RedirectLimit extends Error {
  constructor(readonly location: string) {
    super(`still redirecting, to ${location}`);
  }
}

/** A browser's cookies, by origin (enough for two sites on 127.0.0.1 ports). */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** GET `url`, following redirects across both sites; answers the last response and every URL visited. */
  async visit(url: string, maxHops = 12): Promise<{ status: number; url: string; visited: string[]; body: string }> {
    const visited: string[] = [];
    let current = url;
    for (let hop = 0; hop < maxHops; hop++) {
      visited.push(current);
      const target = new URL(current);
      const jar = this.jar(target.origin);
      const res = await fetch(current, {
        redirect: 'manual',
        headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        current = new URL(location, current).href;
        continue;
      }
      return { status: res.status, url: current, visited, body: await res.text() };
    }
    throw new RedirectLimit(current);
  }

  /** Follows redirects from `url` until one points under `prefix`; answers that URL without visiting it. */
  async redirectTarget(url: string, prefix: string): Promise<string> {
    let current = url;
    for (let hop = 0; hop < 12 && !current.startsWith(prefix); hop++) {
      const res = await this.visit(current, 1).catch((err: unknown) => err);
      if (!(res instanceof RedirectLimit)) throw new Error(`expected a redirect from ${current}`);
      current = res.location;
    }
    return current;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(origin).get(name);
  }

  /** The Casehub session as a test Client. */
  client(baseUrl: string): Client {
    const session = this.cookie(baseUrl, 'casehub_session');
    return new Client(baseUrl, session ? `casehub_session=${session}` : '');
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}

/**
 * Single sign-on (issue 14.3, DESIGN §10 `GET /api/auth/oidc/start` and
 * `/callback`) against a real OpenID provider started here, through the
 * whole authorization code flow with PKCE, state and nonce.
 */
describe.each(featureBackends)('single sign-on on %s', (backend) => {
  let env: TestEnv;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({ clientId: 'casehub', clientSecret: 'a client secret for tests', redirectUris: [`${base}/api/auth/oidc/callback`] });
    env = await startTestServer(backend, {
      PORT: String(port),
      PUBLIC_URL: base,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'casehub',
      OIDC_CLIENT_SECRET: 'a client secret for tests',
      OIDC_NAME: 'Test IdP',
    });
  }, 60_000);
  afterAll(async () => {
    await env.stop();
    await idp.close();
  });

  let n = 0;
  const account = (email: string, emailVerified = true) => ({ sub: `sub-${Date.now()}-${n++}`, email, emailVerified, name: 'Sam Single' });

  it('[issue 14.3] the sign-in page is told the provider; start redirects there with PKCE (S256), state and nonce', async () => {
    expect((await new Client(base).get('/api/auth/options')).body).toEqual({ sso: { name: 'Test IdP' }, signup: 'open' });
    const res = await fetch(`${base}/api/auth/oidc/start?returnTo=/cases`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('client_id')).toBe('casehub');
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/api/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(res.headers.getSetCookie().join()).toMatch(/casehub_oidc=.*HttpOnly/i);
  });

  it('[issue 14.3] a member signs in by the verified email the provider vouches for, lands where they were going, and stays bound to that identity', async () => {
    const { me } = await signUp(base);
    const person = account(me.user.email);
    idp.signInAs(person);
    const browser = new Browser();
    const end = await browser.visit(`${base}/api/auth/oidc/start?returnTo=${encodeURIComponent('/cases?stage=open')}`);
    expect(end.url).toBe(`${base}/cases?stage=open`);
    const signedIn = browser.client(base);
    const who = await signedIn.get('/api/me');
    expect(who.status).toBe(200);
    expect(who.body.user.id).toBe(me.user.id);

    // Bound by subject: the same identity signs in even after the provider reports another email.
    idp.signInAs({ ...person, email: 'renamed@elsewhere.test', emailVerified: false });
    const again = new Browser();
    await again.visit(`${base}/api/auth/oidc/start`);
    expect((await again.client(base).get('/api/me')).body.user.id).toBe(me.user.id);
    // An absolute returnTo never leaves the app.
    const third = new Browser();
    expect((await third.visit(`${base}/api/auth/oidc/start?returnTo=${encodeURIComponent('//evil.test/x')}`)).url).toBe(`${base}/`);
  });

  it('[issue 14.3] a new person joins only a workspace that admits their domain; an unverified email and an unknown domain are refused with the reason', async () => {
    const owner = await signUp(base);
    const domain = `acme-${Date.now()}.test`;
    const refused = new Browser();
    idp.signInAs(account(`newcomer@${domain}`));
    const before = await refused.visit(`${base}/api/auth/oidc/start`);
    expect(before.url).toMatch(/\/login\?sso_error=/);
    expect(decodeURIComponent(new URL(before.url).searchParams.get('sso_error') ?? '')).toContain(`No workspace on this server admits ${domain}`);
    expect(refused.cookie(base, 'casehub_session')).toBeUndefined();

    expect((await owner.client.put('/api/workspace/security', { ssoDomains: [domain.toUpperCase()] })).body.ssoDomains).toEqual([domain]);
    const unverified = new Browser();
    idp.signInAs(account(`shady@${domain}`, false));
    const shady = await unverified.visit(`${base}/api/auth/oidc/start`);
    expect(decodeURIComponent(new URL(shady.url).searchParams.get('sso_error') ?? '')).toContain('has not verified');

    const joining = new Browser();
    idp.signInAs(account(`newcomer@${domain}`));
    await joining.visit(`${base}/api/auth/oidc/start`);
    const me = await joining.client(base).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: `newcomer@${domain}`, name: 'Sam Single' }, workspace: { id: owner.me.workspace.id }, role: 'member' });
  });

  it('[issue 14.3] a callback with a forged or replayed state, or without the browser that started it, signs nobody in', async () => {
    const { me } = await signUp(base);
    idp.signInAs(account(me.user.email));
    // Start, then let the provider do its part, stopping where it sends the browser back to Casehub.
    const start = await fetch(`${base}/api/auth/oidc/start`, { redirect: 'manual' });
    const stateCookie = /casehub_oidc=([^;]+)/.exec(start.headers.getSetCookie().join(';'))?.[1] ?? '';
    const callbackUrl = await new Browser().redirectTarget(start.headers.get('location') ?? '', `${base}/api/auth/oidc/callback`);
    expect(callbackUrl).toContain('code=');
    const callback = (cookie: string) => fetch(callbackUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} });

    // Without the state cookie (another browser), with a forged one: refused, and the code is not spent on it.
    const noCookie = await callback('');
    expect(noCookie.headers.get('location')).toMatch(/^\/login\?sso_error=/);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'forged-state');
    const forgedRes = await fetch(forged, { redirect: 'manual', headers: { cookie: 'casehub_oidc=forged-state' } });
    expect(decodeURIComponent(forgedRes.headers.get('location') ?? '')).toMatch(/expired or was used already/);

    const good = await callback(`casehub_oidc=${stateCookie}`);
    expect(good.headers.get('location')).toBe('/');
    expect(good.headers.getSetCookie().join()).toMatch(/casehub_session=/);
    // Replayed: the state is single use.
    const replay = await callback(`casehub_oidc=${stateCookie}`);
    expect(decodeURIComponent(replay.headers.get('location') ?? '')).toMatch(/expired or was used already/);
    expect(replay.headers.getSetCookie().join()).not.toMatch(/casehub_session=[^;]/);
  });

  it('[issue 14.3] SSO only: members may no longer sign in with a password (guests keep theirs); only an owner sets it', async () => {
    const owner = await signUp(base);
    const c = await createCase(owner.client);
    const member = await inviteMember(base, owner.client);
    const guest = await inviteGuest(base, owner.client, c.id, 'viewer');
    const guestEmail = (await guest.client.get('/api/me')).body.user.email as string;
    expect((await member.client.put('/api/workspace/security', { ssoOnly: true })).status).toBe(403);
    expect((await owner.client.put('/api/workspace/security', { ssoOnly: true })).body).toMatchObject({ ssoOnly: true, sso: { name: 'Test IdP' } });

    const password = await new Client(base).post('/api/auth/login', { email: member.email, password: 'another good password' });
    expect(password.status).toBe(403);
    expect(password.body.error.message).toMatch(/single sign-on/);
    expect((await new Client(base).post('/api/auth/login', { email: guestEmail, password: 'another good password' })).status).toBe(200);

    // The member comes in by SSO instead.
    idp.signInAs(account(member.email));
    const browser = new Browser();
    await browser.visit(`${base}/api/auth/oidc/start`);
    expect((await browser.client(base).get('/api/me')).body.user.email).toBe(member.email);

    // Someone invited now: the invite cannot be taken with a password, only through SSO as that address.
    const newcomer = `invited-${Date.now()}@partner-${Date.now()}.test`;
    const invite = await owner.client.post('/api/invites', { email: newcomer, role: 'member', caseId: c.id, access: 'commenter' });
    const byPassword = await new Client(base).post(`/api/invites/${invite.body.token}/accept`, { name: 'Invited', password: 'a good password here' });
    expect(byPassword.status).toBe(403);
    expect(byPassword.body.error.message).toMatch(/single sign-on/);
    idp.signInAs(account(newcomer));
    const joining = new Browser();
    await joining.visit(`${base}/api/auth/oidc/start`);
    const joined = joining.client(base);
    expect((await joined.get('/api/me')).body).toMatchObject({ user: { email: newcomer }, workspace: { id: owner.me.workspace.id }, role: 'member' });
    expect((await joined.get(`/api/cases/${c.id}`)).status).toBe(200);
    expect((await owner.client.get('/api/invites')).body.invites.some((i: { email: string }) => i.email === newcomer)).toBe(false);
  });
});

describe('single sign-on when not configured', () => {
  it('[issue 14.3] the sign-in page offers none, start answers 404 with the reason, and SSO only cannot be switched on', async () => {
    const env = await startTestServer('pglite');
    try {
      const owner = await signUp(env.server.url);
      expect((await owner.client.get('/api/auth/options')).body).toEqual({ sso: null, signup: 'open' });
      const start = await owner.client.get('/api/auth/oidc/start');
      expect(start.status).toBe(404);
      expect(start.body.error.message).toMatch(/not configured/);
      const set = await owner.client.put('/api/workspace/security', { ssoOnly: true });
      expect(set.status).toBe(400);
      expect(set.body.error.message).toMatch(/OIDC_ISSUER/);
    } finally {
      await env.stop();
    }
  }, 60_000);
});
