import { connect as tcpConnect } from 'node:net';
import { Writable } from 'node:stream';
import { docName } from '@casehub/case-document';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import {
  featureBackends,
  inviteMember,
  Client,
  createCase,
  freshStorage,
  openStream,
  rawSocket,
  signUp,
  startTestServer,
  waitFor,
  type TestEnv,
} from './helpers.js';

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
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
  expect(headers.get('x-request-id'), what).toBeTruthy();
}

describe.each(featureBackends)('attacker limits on %s', (backend) => {
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

  it('[issue 20.11] an answer given before an upload was read closes its connection, so no next request lands on a half-read one', async () => {
    const owner = await signUp(base);
    const member = await inviteMember(base, owner.client);
    const upload = new Uint8Array(8 * 1024 * 1024);
    const refused = await fetch(`${base}/api/import`, {
      method: 'POST',
      body: upload,
      headers: { cookie: member.client.cookie, 'content-type': 'application/zip' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('connection')).toBe('close');
    await refused.arrayBuffer();
    // A body read in full keeps the connection open as usual.
    const read = await fetch(`${base}/api/cases`, { method: 'POST', body: '{', headers: { cookie: member.client.cookie, 'content-type': 'application/json' } });
    expect(read.status).toBe(400);
    expect(read.headers.get('connection')).not.toBe('close');
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('[issue 14.6] pages carry a content security policy that runs only the app’s own scripts and forbids framing, a permissions policy, and no HSTS over http', async () => {
    for (const path of ['/', '/cases/anything', '/login']) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'(;|$)/);
      expect(csp, path).not.toMatch(/unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('permissions-policy'), path).toContain('camera=()');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
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

describe.each(featureBackends)('sign-up limit on %s', (backend) => {
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
        new Client(base).post('/api/auth/signup', {
          email: `mass-${i}-${Date.now()}@example.test`,
          password: 'correct horse battery',
          name: 'Bot',
          workspaceName: 'Spam',
        }),
      ),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(90);
    expect(refused[0]?.body.error.message).toMatch(/Too many sign-ups from your address \(at most 10 an hour\); try again in \d+ s/);
  }, 60_000);
});

type LogLine = { level: number; msg: string; status?: number; path?: string };

/** One SMTP conversation: sends each line after the previous answer, returns the answers. */
function smtpTalk(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    const answers: string[] = [];
    let buffer = '';
    let next = 0;
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      // A reply ends with a line whose code is followed by a space.
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        const lineEnd = buffer.indexOf('\r\n', end) + 2;
        answers.push(buffer.slice(0, lineEnd).trim());
        buffer = buffer.slice(lineEnd);
        if (next < lines.length) socket.write(`${lines[next++]}\r\n`);
        else socket.end();
      }
    });
    socket.on('close', () => resolve(answers));
    socket.on('error', reject);
  });
}

/** A raw HTTP request whose body stops short: dropped after a moment, or left hanging. */
function partialRequest(port: number, head: string, bodyStart: string, mode: 'drop' | 'stall'): Promise<{ answer: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(`${head}\r\n${bodyStart}`);
      if (mode === 'drop') setTimeout(() => socket.destroy(), 200);
    });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
  });
}

describe.each(featureBackends)('per-person caps on %s', (backend) => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  const logs: LogLine[] = [];
  beforeAll(async () => {
    const storage = await freshStorage(backend);
    drop = storage.drop;
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      SMTP_PORT: '0',
      DOC_UNLOAD_GRACE_MS: '200',
      SIGNUPS_PER_HOUR: '1000',
      MAX_SOCKETS_PER_USER: '3',
      MAX_STREAMS_PER_USER: '2',
      SMTP_MAX_RECIPIENTS: '3',
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
      HTTP_REQUEST_TIMEOUT_SECONDS: '2',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    server = await startServer(config, pino({ level: 'info' }, sink));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('[issue 20.11] one person gets MAX_SOCKETS_PER_USER sync sockets; the next upgrade is a 429 with no document data', async () => {
    const { client } = await signUp(server.url);
    const kase = await createCase(client);
    const url = `${server.url.replace(/^http/, 'ws')}/sync/${docName(kase.id, 'team')}`;
    // A burst, all admitted at once: the cap counts upgrades in flight, not only open sockets.
    const burst = Array.from({ length: 8 }, () => rawSocket(url, { cookie: client.cookie }));
    const opened = await Promise.all(burst.map((b) => b.opened));
    expect(opened.filter(Boolean)).toHaveLength(3);
    const refused = burst.filter((_, i) => !opened[i]);
    expect(refused.map((r) => r.status())).toEqual(Array(5).fill(429));
    for (const r of refused) expect(r.messages).toHaveLength(0);
    // The HTTP request timeout (2 s here) is for requests: an open socket outlives it.
    await new Promise((r) => setTimeout(r, 3000));
    expect(burst.filter((b) => b.ws.readyState === b.ws.OPEN)).toHaveLength(3);
    // Someone else is not affected by this person's sockets.
    const other = await signUp(server.url);
    const theirs = rawSocket(`${server.url.replace(/^http/, 'ws')}/sync/${docName((await createCase(other.client)).id, 'team')}`, {
      cookie: other.client.cookie,
    });
    expect(await theirs.opened).toBe(true);
    theirs.ws.close();
    // A closed socket gives its place back.
    const first = burst[opened.indexOf(true)];
    first?.ws.close();
    await first?.closed;
    await waitFor(async () => {
      const again = rawSocket(url, { cookie: client.cookie });
      const ok = await again.opened;
      again.ws.close();
      return ok;
    }, 'a place to be given back');
    for (const b of burst) b.ws.close();
  });

  it('[issue 20.11] one person gets MAX_STREAMS_PER_USER notification streams; the next is a 429', async () => {
    const { client } = await signUp(server.url);
    const streams = [await openStream(server.url, client.cookie), await openStream(server.url, client.cookie)];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await fetch(`${server.url}/api/notifications/stream`, { headers: { cookie: client.cookie, accept: 'text/event-stream' } });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(/MAX_STREAMS_PER_USER/);
    // Closing one frees its place.
    await streams[0]?.close();
    const again = await waitFor(async () => {
      const s = await openStream(server.url, client.cookie);
      if (s.status === 200) return s;
      await s.close();
      return null;
    }, 'a stream place to be given back');
    await again.close();
    await streams[1]?.close();
  });

  it('[issue 20.11] the SMTP server takes SMTP_MAX_RECIPIENTS recipients per message and answers 452 past them', async () => {
    const { client } = await signUp(server.url);
    const addresses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const kase = await createCase(client);
      addresses.push(((await client.get(`/api/cases/${kase.id}/address`)).body as { address: string }).address);
    }
    const answers = await smtpTalk(server.smtpPort, [
      'EHLO attacker.test',
      'MAIL FROM:<spam@attacker.test>',
      ...addresses.map((a) => `RCPT TO:<${a}>`),
      'QUIT',
    ]);
    const rcpt = answers.slice(3, 8).map((a) => a.slice(0, 3));
    expect(rcpt).toEqual(['250', '250', '250', '452', '452']);
  });

  it('[issue 20.11] a trickled request body is answered 408 within HTTP_REQUEST_TIMEOUT_SECONDS, and dropped bodies are client errors, not 500s', async () => {
    const { client } = await signUp(server.url);
    const kase = await createCase(client);
    const head = (path: string, type: string, method = 'POST') =>
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${client.cookie}\r\nContent-Type: ${type}\r\nContent-Length: 100000\r\n`;
    const before = logs.length;
    const [stalledJson, stalledUpload, droppedJson, droppedMail] = await Promise.all([
      partialRequest(server.port, head('/api/cases', 'application/json'), '{"title":', 'stall'),
      partialRequest(server.port, head(`/api/cases/${kase.id}/emails`, 'message/rfc822'), 'Subject: slow\r\n', 'stall'),
      partialRequest(server.port, head(`/api/cases/${kase.id}`, 'application/json', 'PATCH'), '{"title":', 'drop'),
      partialRequest(server.port, head(`/api/cases/${kase.id}/emails`, 'message/rfc822'), 'Subject: gone\r\n', 'drop'),
    ]);
    for (const stalled of [stalledJson, stalledUpload]) {
      expect(stalled.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(stalled.ms).toBeLessThan(10_000);
    }
    expect(droppedJson.answer).toBe('');
    expect(droppedMail.answer).toBe('');
    await waitFor(() => logs.slice(before).filter((l) => l.msg === 'request').length >= 4, 'the four requests to be logged');
    const mine = logs.slice(before);
    expect(mine.filter((l) => l.level >= 50)).toEqual([]);
    expect(mine.filter((l) => l.msg === 'request' && (l.status ?? 0) >= 500)).toEqual([]);
    expect(mine.filter((l) => l.level === 40 && l.msg === 'client went away before its request arrived in full')).toHaveLength(4);
    // The server is still fine.
    expect((await client.get('/api/me')).status).toBe(200);
  }, 30_000);
});
