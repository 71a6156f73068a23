import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createCase, signUp, startTestServer, type TestEnv } from './helpers.js';

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
});

