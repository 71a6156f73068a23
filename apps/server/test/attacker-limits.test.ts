import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, Client, createCase, signUp, startTestServer, type TestEnv } from './helpers.js';

/**
 * Issue 20, items 8, 10 and the caps of 11: what a stranger or one signed-in
 * person can cost everyone else, attacked over real HTTP, SMTP and /sync.
 */

async function upload(baseUrl: string, cookie: string, caseId: string, name: string, type: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie } });
  expect(res.status).toBe(201);
  return (await res.json()) as { fileId: string };
}

function expectSecureHeaders(headers: Headers, what: string): void {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
  expect(headers.get('x-request-id'), what).toBeTruthy();
}

describe.each(backends)('attacker limits on %s', (backend) => {
  let env: TestEnv;
  let base: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    base = env.server.url;
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('[issue 20.8] JSON, file bytes, errors and the web app all carry the secure headers', async () => {
    const { client } = await signUp(base);
    const kase = await createCase(client);
    const pdf = await upload(base, client.cookie, kase.id, 'quote.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4\n%%EOF\n'));
    const script = await upload(base, client.cookie, kase.id, 'page.html', 'text/html', new TextEncoder().encode('<script>alert(1)</script>'));
    const answers: Array<[string, Response]> = [
      ['JSON', await fetch(`${base}/api/cases`, { headers: { cookie: client.cookie } })],
      ['health', await fetch(`${base}/api/health`)],
      ['401', await fetch(`${base}/api/me`)],
      ['404', await fetch(`${base}/api/no-such-route`)],
      ['400', await fetch(`${base}/api/cases`, { method: 'POST', headers: { cookie: client.cookie, 'content-type': 'application/json' }, body: '{' })],
      ['web app', await fetch(`${base}/cases/anything`)],
    ];
    for (const [what, res] of answers) expectSecureHeaders(res.headers, what);

    // File bytes keep their own protective headers beside the common ones.
    const inline = await fetch(`${base}/api/files/${pdf.fileId}/content`, { headers: { cookie: client.cookie } });
    expectSecureHeaders(inline.headers, 'inline PDF');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="quote.pdf"/);
    const download = await fetch(`${base}/api/files/${script.fileId}/content`, { headers: { cookie: client.cookie } });
    expectSecureHeaders(download.headers, 'HTML upload');
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const ranged = await fetch(`${base}/api/files/${pdf.fileId}/content`, { headers: { cookie: client.cookie, range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expectSecureHeaders(ranged.headers, 'range');
  });

  it('[issue 20.10] a burst of concurrent wrong passwords gets five password checks, not one per request', async () => {
    const { me } = await signUp(base, { password: 'the real passphrase' });
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new Client(base).post('/api/auth/login', { email: me.user.email, password: `guess number ${i}` })),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    const refused = burst.filter((r) => r.status === 429);
    expect(checked).toBe(5);
    expect(refused).toHaveLength(35);
    expect(refused[0]?.body.error.message).toMatch(/Too many sign-in attempts; try again in \d+ s/);
    // The account stays closed to guessing, the right password included, until the minute passes.
    expect((await new Client(base).post('/api/auth/login', { email: me.user.email, password: 'the real passphrase' })).status).toBe(429);
  });

  it('[issue 20.10] a signed-in person guessing their current password gets five checks too', async () => {
    const { client } = await signUp(base);
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post('/api/auth/password', { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' })),
    );
    expect(burst.filter((r) => r.status === 403)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(15);
  });

  it('[issue 20.10] invite acceptance is no side door: the account limit holds for its password check', async () => {
    const victim = await signUp(base, { password: 'the victim passphrase' });
    const { client: inviter } = await signUp(base);
    const invite = await inviter.post('/api/invites', { email: victim.me.user.email, role: 'member' });
    expect(invite.status).toBe(201);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => new Client(base).post(`/api/invites/${invite.body.token}/accept`, { password: `guess number ${i}` })),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(25);
  });
});

describe.each(backends)('sign-up limit on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend, { SIGNUPS_PER_HOUR: '10' });
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('[issue 20.10] 100 concurrent sign-ups from one address: ten accounts, the rest 429 with a clear message', async () => {
    const base = env.server.url;
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new Client(base).post('/api/auth/signup', { email: `mass-${i}-${Date.now()}@example.test`, password: 'correct horse battery', name: 'Bot', workspaceName: 'Spam' }),
      ),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(90);
    expect(refused[0]?.body.error.message).toMatch(/Too many sign-ups from your address \(at most 10 an hour\); try again in \d+ s/);
  }, 60_000);
});
