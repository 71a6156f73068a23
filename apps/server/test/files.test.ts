import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { featureBackends, Client, createCase, freshStorage, inviteMember, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';
import { pdfCorpusDir } from './corpus.js';

const corpusDir = pdfCorpusDir;

/**
 * What each corpus PDF must end as, and a word from its text (corpus
 * README). Words in unspaced scripts (Japanese, Chinese) sit inside one long
 * full-text token; search finds them by substring instead.
 */
const expected: Record<string, { status: string; word?: string }> = {
  'pdfminer-simple1-minimal.pdf': { status: 'done', word: 'Hello' },
  'pdfplumber-latex-lorem-ipsum.pdf': { status: 'done', word: 'Voluptatem' },
  'pdfminer-latex-pagelabels.pdf': { status: 'done', word: 'Heading' },
  'pdfplumber-libreoffice-tagged.pdf': { status: 'done', word: 'Contenu' },
  'pdfplumber-word365-tagged.pdf': { status: 'done', word: 'Farfadet' },
  'pdfplumber-excel-warn-report.pdf': { status: 'done', word: 'WARN' },
  'tabula-arabic-chrome.pdf': { status: 'done', word: 'ﻣﺮﺣﺒﺎ' },
  'pdfplumber-googledocs-cjk.pdf': { status: 'done', word: 'バッタ' },
  'pdfminer-japanese-dvipdfmx.pdf': { status: 'done', word: '現象' },
  'pdflib-google-slides-russian.pdf': { status: 'done', word: 'идеологии' },
  'pdfminer-scanned-jbig2.pdf': { status: 'no-text-layer' },
  'pdfplumber-scanned-ocr-chinese.pdf': { status: 'done', word: '菲达环保' },
  'pdfplumber-password-test.pdf': { status: 'encrypted' },
  'pdfminer-aes256-r6-password.pdf': { status: 'encrypted' },
  'pdfplumber-owner-restricted-rc4.pdf': { status: 'done', word: 'Comparison' },
  'pdflib-truncated-no-trailer.pdf': { status: 'corrupt' },
  'pdfminer-corrupt-stream.pdf': { status: 'done', word: 'Readability' },
  // poppler gives up on its broken /Root; pdf.js rebuilds the document and reads its one page.
  'pdflib-invalid-root-ref.pdf': { status: 'done', word: 'Sheet' },
  'pdfplumber-empty-0-bytes.pdf': { status: 'corrupt' },
  'pdfplumber-junk-before-header.pdf': { status: 'done', word: 'Frederickson' },
  'pdfplumber-large-65-pages.pdf': { status: 'done', word: 'Chelsea' },
  'pdflib-acroform-fancy-fields.pdf': { status: 'done', word: 'Lightningtwirls' },
  'pdflib-xfa-form.pdf': { status: 'done', word: 'Treasury' },
  'pdflib-signature-field-unsigned.pdf': { status: 'done', word: 'signature' },
  'pdflib-embedded-files.pdf': { status: 'done', word: 'attachments' },
  'pdfkit-guide.pdf': { status: 'done', word: 'Govett' },
  'pdfminer-weasyprint-xref-stream.pdf': { status: 'done', word: 'Hello' },
};

async function upload(client: Client, caseId: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  return { status: res.status, body: (await res.json()) as any };
}

const fetchAs = (client: Client, urlPath: string, headers: Record<string, string> = {}) =>
  fetch(`${client.baseUrl}${urlPath}`, { headers: { cookie: client.cookie, ...headers } });

describe.each(featureBackends)('files on %s', (backend) => {
  let env: TestEnv;
  let owner: Client;
  let caseId: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    owner = (await signUp(env.server.url)).client;
    caseId = (await createCase(owner)).id;
  });
  afterAll(async () => {
    await env?.stop();
  });

  // Waits on real background work (server start-up, PDF extraction, SMTP retries): allow for a loaded machine.
  it('every corpus PDF uploads, ends with the right text status, and its word is found', async () => {
    const names = (await readdir(corpusDir)).filter((n) => n.endsWith('.pdf')).sort();
    expect(names.sort()).toEqual(Object.keys(expected).sort());
    const uploaded = new Map<string, { fileId: string; activityId: string }>();
    for (const name of names) {
      const res = await upload(owner, caseId, name, new Uint8Array(await readFile(path.join(corpusDir, name))));
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      uploaded.set(name, res.body);
    }
    await env.server.jobs.drain();
    for (const name of names) {
      const want = expected[name];
      const ids = uploaded.get(name);
      if (!want || !ids) throw new Error(`no expectation for ${name}`);
      const meta = await owner.get(`/api/files/${ids.fileId}`);
      expect(meta.status).toBe(200);
      expect(meta.body, name).toMatchObject({
        id: ids.fileId,
        caseId,
        name,
        contentType: 'application/pdf',
        textStatus: want.status,
        activityId: ids.activityId,
      });
      if (want.status === 'encrypted') expect(meta.body.textReason).toBe('password protected');
      if (want.status === 'no-text-layer') expect(meta.body.textReason).toBe('no text layer (scanned image?)');
      if (want.status === 'corrupt') expect(meta.body.textReason, name).toMatch(/\w/);
      if (!want.word) continue;
      expect(await storedText(env, ids.fileId), name).toContain(want.word);
      const hits = await owner.get(`/api/search?q=${encodeURIComponent(want.word)}&caseId=${caseId}&limit=100`);
      expect(hits.status).toBe(200);
      const found = (hits.body.results as Array<{ activityId: string; kind: string }>).find((r) => r.activityId === ids.activityId);
      expect(found, `${name}: search for ${want.word}`).toMatchObject({ kind: 'file' });
    }
  }, 120_000);

  it('serves the bytes with type, disposition, length, ETag and ranges', async () => {
    const bytes = new Uint8Array(await readFile(path.join(corpusDir, 'pdfminer-simple1-minimal.pdf')));
    const { body } = await upload(owner, caseId, 'Ångström report.pdf', bytes);
    const meta = (await owner.get(`/api/files/${body.fileId}`)).body;
    const whole = await fetchAs(owner, `/api/files/${body.fileId}/content`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(whole.headers.get('etag')).toBe(`"${meta.sha256}"`);
    expect(whole.headers.get('content-disposition')).toBe(`inline; filename="_ngstr_m report.pdf"; filename*=UTF-8''%C3%85ngstr%C3%B6m%20report.pdf`);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);

    const part = await fetchAs(owner, `/api/files/${body.fileId}/content`, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const tail = await fetchAs(owner, `/api/files/${body.fileId}/content`, { range: 'bytes=-10' });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.byteLength - 10));
    const beyond = await fetchAs(owner, `/api/files/${body.fileId}/content`, { range: `bytes=${bytes.byteLength}-` });
    expect(beyond.status).toBe(416);
    expect((await fetchAs(owner, `/api/files/${body.fileId}/content`, { 'if-none-match': `"${meta.sha256}"` })).status).toBe(304);
  });

  it('keeps zero-byte files, cleans path names and never serves HTML as HTML', async () => {
    const empty = await upload(owner, caseId, 'empty.txt', new Uint8Array(0), 'text/plain');
    expect(empty.status).toBe(201);
    expect((await owner.get(`/api/files/${empty.body.fileId}`)).body).toMatchObject({ size: 0, textStatus: 'none' });
    const emptyBody = await fetchAs(owner, `/api/files/${empty.body.fileId}/content`);
    expect(emptyBody.status).toBe(200);
    expect(await emptyBody.text()).toBe('');

    const traversal = await upload(owner, caseId, '1234/../../1234.txt', new TextEncoder().encode('hi'), 'text/plain');
    expect((await owner.get(`/api/files/${traversal.body.fileId}`)).body.name).toBe('1234.txt');

    const html = await upload(owner, caseId, 'x.html', new TextEncoder().encode('<script>alert(1)</script>'), 'text/html');
    const served = await fetchAs(owner, `/api/files/${html.body.fileId}/content`);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');

    // A generic type is replaced by what the bytes are.
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const sniffed = await upload(owner, caseId, 'picture', png, 'application/octet-stream');
    expect((await owner.get(`/api/files/${sniffed.body.fileId}`)).body.contentType).toBe('image/png');
  });

  it('answers a missing field with 400 and refuses non-multipart bodies', async () => {
    const form = new FormData();
    form.set('other', 'x');
    const res = await fetch(`${owner.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: owner.cookie } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toContain('"file"');
    const json = await owner.post(`/api/cases/${caseId}/files`, { file: 'x' });
    expect(json.status).toBe(415);
  });

  it("[A4] viewers may read but not upload; guests see nothing of the team's files, other workspaces nothing at all", async () => {
    const bytes = new TextEncoder().encode('team only');
    const { body } = await upload(owner, caseId, 'team.txt', bytes, 'text/plain');
    const viewer = await inviteMember(env.server.url, owner);
    expect((await owner.post(`/api/cases/${caseId}/members`, { userId: viewer.me.user.id, access: 'viewer' })).status).toBe(200);
    const refused = await upload(viewer.client, caseId, 'v.txt', bytes, 'text/plain');
    expect(refused.status).toBe(403);
    expect((await viewer.client.get(`/api/files/${body.fileId}`)).status).toBe(200);
    expect((await fetchAs(viewer.client, `/api/files/${body.fileId}/content`)).status).toBe(200);

    // A guest viewer cannot upload; a guest editor may, into the shared side only (issue 15.4, guest-uploads.test.ts).
    const guestViewer = await inviteMember(env.server.url, owner, { role: 'guest', caseId, access: 'viewer' });
    expect((await upload(guestViewer.client, caseId, 'g.txt', bytes, 'text/plain')).status).toBe(403);
    const guest = await inviteMember(env.server.url, owner, { role: 'guest', caseId, access: 'editor' });
    expect((await guest.client.get(`/api/files/${body.fileId}`)).status).toBe(404);
    expect((await fetchAs(guest.client, `/api/files/${body.fileId}/content`)).status).toBe(404);

    const stranger = (await signUp(env.server.url)).client;
    expect((await stranger.get(`/api/files/${body.fileId}`)).status).toBe(404);
    expect((await fetchAs(stranger, `/api/files/${body.fileId}/content`)).status).toBe(404);
    expect((await upload(stranger, caseId, 's.txt', bytes, 'text/plain')).status).toBe(404);
    expect((await fetchAs(new Client(env.server.url), `/api/files/${body.fileId}`)).status).toBe(401);
  });
});

async function storedText(env: TestEnv, fileId: string): Promise<string> {
  const result = await env.server.database.db.execute<{ text: string | null }>(sql`select text from files where id = ${fileId}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ text: string | null }>;
  return rows[0]?.text ?? '';
}

describe.each(featureBackends)('file limits and durability on %s', (backend) => {
  // Waits on real background work (server start-up, PDF extraction, SMTP retries): allow for a loaded machine.
  it('answers 413 past MAX_UPLOAD_MB', async () => {
    const env = await startTestServer(backend, { MAX_UPLOAD_MB: '1' });
    try {
      const { client } = await signUp(env.server.url);
      const { id } = await createCase(client);
      const big = await upload(client, id, 'big.bin', new Uint8Array(1024 * 1024 + 1));
      expect(big.status).toBe(413);
      expect(big.body.error.message).toContain('MAX_UPLOAD_MB');
      expect((await upload(client, id, 'small.bin', new Uint8Array(1000))).status).toBe(201);
    } finally {
      await env.stop();
    }
  }, 120_000);

  // Waits on real background work (server start-up, PDF extraction, SMTP retries): allow for a loaded machine.
  it('an extraction queued before a restart runs after it', async () => {
    const storage = await freshStorage(backend);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      // Inbound SMTP on a free port too: the default 2525 may be anyone's.
      SMTP_PORT: '0',
      DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    });
    const log = pino({ level: 'silent' });
    try {
      const first = await startServer(config, log);
      // Nothing claims the job on this node: it stays queued across the restart.
      await first.jobs.stop();
      const { client } = await signUp(first.url);
      const { id } = await createCase(client);
      const bytes = new Uint8Array(await readFile(path.join(corpusDir, 'pdfminer-simple1-minimal.pdf')));
      const { body } = await upload(client, id, 'queued.pdf', bytes);
      expect((await client.get(`/api/files/${body.fileId}`)).body.textStatus).toBe('pending');
      await first.close();

      const second = await startServer(config, log);
      try {
        // The same session cookie works on the restarted server.
        const again = new Client(second.url, client.cookie);
        const meta = await waitFor(
          async () => {
            const res = await again.get(`/api/files/${body.fileId}`);
            return res.body.textStatus === 'done' ? res.body : null;
          },
          'extraction after restart',
          20_000,
        );
        expect(meta.pages).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await storage.drop();
    }
  }, 120_000);
});
