/**
 * Issue 3 ingestion benchmarks, server in its own process:
 *  - emails per second through POST /api/cases/<id>/emails, without and
 *    with a PDF attachment (each message made unique so none is a duplicate);
 *  - PDF pages per second of text extraction (upload, then poll until done).
 * Results are appended to bench/RESULTS.md.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCase, freshStorage, signUp, type Backend } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';

const corpus = path.resolve(import.meta.dirname, '../fixtures/corpus');
const count = Number(process.env.BENCH_EMAILS ?? 200);
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

/** A copy of a message with a fresh Message-ID, so it is not a duplicate. */
function unique(raw: Buffer, n: number): Buffer {
  const text = raw.toString('latin1');
  const id = `<bench-${n}-${Date.now()}@bench.test>`;
  const replaced = /^Message-ID:.*$/im.test(text) ? text.replace(/^Message-ID:.*$/im, `Message-ID: ${id}`) : `Message-ID: ${id}\r\n${text}`;
  return Buffer.from(replaced, 'latin1');
}

async function run(backend: Backend) {
  const storage = await freshStorage(backend);
  const port = String(await freePort());
  const proc = spawnServer({
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    SMTP_PORT: '0',
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  });
  await waitHealthy(proc.url);
  try {
    const a = await signUp(proc.url);
    const c = await createCase(a.client);
    for (const [label, file] of [
      ['plain text email', 'enmime-qp-encoded-word-headers.eml'],
      ['email with a PDF attachment', 'flanker-attached-pdf.eml'],
    ] as const) {
      const raw = readFileSync(path.join(corpus, 'email', file));
      // Warm the parser processes first.
      await a.client.request('POST', `/api/cases/${c.id}/emails`, unique(raw, -1).toString('latin1'), { 'content-type': 'message/rfc822' });
      const t0 = performance.now();
      let ok = 0;
      // Four requests in flight, like a few mail clients at once.
      const queue = Array.from({ length: count }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const res = await fetch(`${proc.url}/api/cases/${c.id}/emails`, {
              method: 'POST',
              headers: { cookie: a.client.cookie, 'content-type': 'message/rfc822' },
              body: unique(raw, i),
            });
            if (res.status === 201) ok++;
            await res.arrayBuffer();
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      out(`| ${backend}: ${label} (${(raw.length / 1024).toFixed(1)} KB), ${ok}/${count} stored | ${(ok / seconds).toFixed(1)} emails/s |`);
    }
    for (const file of ['pdfkit-guide.pdf', 'pdfplumber-large-65-pages.pdf']) {
      const bytes = readFileSync(path.join(corpus, 'pdf', file));
      const form = new FormData();
      form.set('file', new Blob([bytes], { type: 'application/pdf' }), file);
      const t0 = performance.now();
      const up = await fetch(`${proc.url}/api/cases/${c.id}/files`, { method: 'POST', headers: { cookie: a.client.cookie }, body: form });
      const { fileId } = (await up.json()) as { fileId: string };
      let meta: { textStatus: string; pages: number | null } = { textStatus: 'pending', pages: null };
      while (meta.textStatus === 'pending') {
        await new Promise((r) => setTimeout(r, 50));
        meta = (await a.client.get(`/api/files/${fileId}`)).body;
      }
      const seconds = (performance.now() - t0) / 1000;
      out(
        `| ${backend}: ${file} upload + text extraction (${meta.pages} pages, ${meta.textStatus}) | ${((meta.pages ?? 0) / seconds).toFixed(0)} pages/s (${seconds.toFixed(2)} s) |`,
      );
    }
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await storage.drop();
  }
}

out(
  `\n## ${new Date().toISOString().slice(0, 10)} — ingestion (bench/ingest.ts), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n| what | result |\n| --- | --- |`,
);
await run('pglite');
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) await run('postgres');
appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
process.exit(0);
