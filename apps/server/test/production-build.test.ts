import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfCorpusDir } from './corpus.js';
import { adminDatabaseUrl, createCase, freshStorage, postRawEmail, signUp, waitFor } from './helpers.js';
import { freePort, waitHealthy } from './process.js';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/**
 * The server as `pnpm start` and the image run it: apps/server/dist under plain
 * node. A loader hook refuses TypeScript and tsx in the server and in every
 * process it starts (NODE_OPTIONS reaches the parser and extractor children),
 * so a path that still needs them at run time fails here. With LOADED_LOG set,
 * the hook also writes down each package an ES import reaches.
 */
describe('the production build', () => {
  let dir: string;
  let nodeOptions: string;
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  beforeAll(async () => {
    // Builds only if the sources changed since the last build (content hashes), else returns at once.
    await run(process.execPath, [path.join(root, 'scripts/build.mjs'), 'server'], { cwd: root, timeout: 180_000 });
    dir = await mkdtemp(path.join(tmpdir(), 'casehub-dist-'));
    await writeFile(
      path.join(dir, 'refuse-ts.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  if (found.url.endsWith('.ts') || found.url.includes('/tsx/')) throw new Error('needed at run time: ' + found.url);
  const pkg = found.url.match(/\\/node_modules\\/(?:\\.pnpm\\/[^/]+\\/node_modules\\/)?((?:@[^/]+\\/)?[^/]+)\\//);
  if (pkg && process.env.LOADED_LOG) appendFileSync(process.env.LOADED_LOG, pkg[1] + '\\n');
  return found;
}\n`,
    );
    await writeFile(path.join(dir, 'hook.mjs'), `import { register } from 'node:module';\nregister('./refuse-ts.mjs', import.meta.url);\n`);
    nodeOptions = `--conditions=casehub-dist --import=${path.join(dir, 'hook.mjs')}`;
    storage = await freshStorage('pglite');
  }, 200_000);
  afterAll(async () => {
    await storage?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves, parses mail and extracts PDFs in child processes, drains on SIGTERM, and its CLI rebuilds the projections', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      DATA_DIR: storage.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SMTP_PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const server = spawn(process.execPath, ['apps/server/dist/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(url, 30_000);
      const owner = await signUp(url);
      const c = await createCase(owner.client, { title: 'Built' });
      const raw = [
        'From: Ada <ada@example.com>',
        'To: team@example.com',
        'Subject: Parsed by the built child',
        'Message-ID: <built-1@example.com>',
        '',
        'Hello from dist.',
        '',
      ].join('\r\n');
      const email = await postRawEmail(owner.client, `/api/cases/${c.id}/emails`, raw);
      expect(email.status).toBe(201);
      expect((await owner.client.get(`/api/emails/${email.body.emailId}`)).body).toMatchObject({
        headers: { subject: 'Parsed by the built child' },
        text: 'Hello from dist.\n',
        parseError: null,
      });

      const form = new FormData();
      form.set(
        'file',
        new Blob([new Uint8Array(await readFile(path.join(pdfCorpusDir, 'pdfminer-simple1-minimal.pdf')))], { type: 'application/pdf' }),
        'a.pdf',
      );
      const uploaded = await fetch(`${url}/api/cases/${c.id}/files`, { method: 'POST', body: form, headers: { cookie: owner.client.cookie } });
      expect(uploaded.status).toBe(201);
      const { fileId } = (await uploaded.json()) as { fileId: string };
      const status = await waitFor(
        async () => {
          const s = (await owner.client.get(`/api/files/${fileId}`)).body.textStatus as string;
          return s === 'pending' ? null : s;
        },
        'the PDF text',
        20_000,
      );
      expect(status).toBe('done');
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    expect(output).not.toContain('needed at run time');

    const cli = await run(process.execPath, ['apps/server/dist/cli.js', 'rebuild-projections'], {
      cwd: root,
      env: { ...env, NODE_OPTIONS: nodeOptions },
      timeout: 60_000,
    });
    expect(JSON.parse(cli.stdout)).toMatchObject({ cases: 1, documents: 2, unreadableUpdates: 0 });
  }, 120_000);

  it('[issue 18] starts without the libraries it loads on first use (and without PGlite on PostgreSQL)', async () => {
    const backend = adminDatabaseUrl ? 'postgres' : 'pglite';
    const own = await freshStorage(backend);
    const log = path.join(dir, 'loaded.txt');
    const port = await freePort();
    const server = spawn(process.execPath, ['apps/server/dist/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: nodeOptions,
        LOADED_LOG: log,
        DATA_DIR: own.dataDir,
        ...(own.databaseUrl ? { DATABASE_URL: own.databaseUrl } : {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        SMTP_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => server.on('exit', resolve));
    try {
      await waitHealthy(`http://127.0.0.1:${port}`, 30_000);
      const loaded = new Set(existsSync(log) ? (await readFile(log, 'utf8')).split('\n') : []);
      // The hook sees the server's own imports: yjs is one, so an empty list would mean a broken hook.
      expect(loaded).toContain('yjs');
      const onFirstUse = ['sanitize-html', 'html-to-text', 'papaparse', 'sentiment', 'yauzl', 'yazl', 'rate-limiter-flexible', '@node-rs/argon2'];
      if (backend === 'postgres') onFirstUse.push('@electric-sql/pglite');
      expect(onFirstUse.filter((name) => loaded.has(name))).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await exited;
      await own.drop();
    }
  }, 60_000);
});
