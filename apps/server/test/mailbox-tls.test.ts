import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, startDovecot, type Dovecot } from './dovecot.js';
import { freshStorage, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from './process.js';

const password = 'tls-pass-1';

/** A test certificate authority and a certificate it signs for 127.0.0.1 and localhost, made with openssl. */
async function testCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Casehub test CA', '-keyout', at('ca.key'), '-out', at('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', at('server.key'), '-out', at('server.csr'));
  await writeFile(at('san.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('san.ext'),
    '-out',
    at('server.pem'),
  );
  return { ca: at('ca.pem'), cert: at('server.pem'), key: at('server.key') };
}

/**
 * Issue 13: IMAP over TLS, from the start (imaps) and by STARTTLS, against
 * Dovecot with a certificate of a test authority. The server that trusts
 * that authority (NODE_EXTRA_CA_CERTS, read by Node at start, so a process of
 * its own) connects; one that does not is refused at the TLS step.
 */
describe.runIf(dovecotAvailable)('mailboxes over TLS', () => {
  let dir: string;
  let dovecot: Dovecot;
  let trusting: ServerProcess;
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let untrusting: TestEnv;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'casehub-tls-'));
    const certs = await testCertificates(dir);
    dovecot = await startDovecot({ secure: password }, { tls: { cert: certs.cert, key: certs.key } });
    storage = await freshStorage('pglite');
    trusting = spawnServer({ PORT: String(await freePort()), DATA_DIR: storage.dataDir, NODE_EXTRA_CA_CERTS: certs.ca, MAILBOX_POLL_SECONDS: '30' });
    await waitHealthy(trusting.url);
    untrusting = await startTestServer('pglite');
  }, 60_000);
  afterAll(async () => {
    trusting?.child.kill('SIGKILL');
    await untrusting?.stop();
    await dovecot?.stop();
    await storage?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const imap = (port: number, secure: boolean) => ({ host: '127.0.0.1', port, secure, user: 'secure', password });

  it('[M2.2] connects over TLS from the start and by STARTTLS with a trusted certificate, and syncs; an untrusted one fails at the TLS step in its own words, STARTTLS included', async () => {
    const { client } = await signUp(trusting.url);
    const implicit = await client.post('/api/mailboxes/test', { name: 'TLS', address: 'secure@us.example', imap: imap(dovecot.tlsPort, true) });
    expect(implicit.body).toMatchObject({ ok: true });
    const starttls = await client.post('/api/mailboxes/test', { name: 'TLS', address: 'secure@us.example', imap: imap(dovecot.port, false) });
    expect(starttls.body).toMatchObject({ ok: true });

    const made = await client.post('/api/mailboxes', { name: 'TLS', address: 'secure@us.example', imap: imap(dovecot.tlsPort, true) });
    expect(made.status).toBe(201);
    await waitFor(async () => (await client.get('/api/mailboxes')).body.mailboxes[0]?.status === 'idle', 'the mailbox idle over TLS');
    await dovecot.append(
      'secure',
      password,
      'INBOX',
      ['From: Tess <tess@tls.example>', 'To: secure@us.example', 'Subject: Over TLS', 'Message-ID: <tls-1@tls.example>', '', 'Encrypted on the way.', ''].join(
        '\r\n',
      ),
    );
    await waitFor(async () => (await client.get('/api/mailboxes')).body.mailboxes[0]?.messages === 1, 'the message read over TLS');

    const { client: other } = await signUp(untrusting.server.url);
    const refused = await other.post('/api/mailboxes/test', { name: 'TLS', address: 'secure@us.example', imap: imap(dovecot.tlsPort, true) });
    expect(refused.body).toMatchObject({ ok: false, failed: { server: 'imap', stage: 'tls' } });
    expect(refused.body.message).toMatch(/certificate/i);
    // Offered STARTTLS is taken (and checked), never skipped for a plaintext sign-in.
    const upgraded = await other.post('/api/mailboxes/test', { name: 'TLS', address: 'secure@us.example', imap: imap(dovecot.port, false) });
    expect(upgraded.body).toMatchObject({ ok: false, failed: { server: 'imap', stage: 'tls' } });
  }, 60_000);
});
