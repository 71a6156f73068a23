import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestEnv } from './helpers.js';

/**
 * The built web app's files under /assets/ are named by a hash of their content (Vite): a browser
 * may keep them for good, so a page load neither downloads nor compiles the app's script again.
 * index.html and the service worker are checked every time, so a new build reaches everyone.
 */
describe('caching of the web app', () => {
  let env: TestEnv;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'casehub-web-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Casehub</title>');
    await writeFile(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
    await writeFile(path.join(dist, 'sw.js'), '// worker');
    env = await startTestServer('pglite', { WEB_DIST: dist });
  }, 60_000);
  afterAll(async () => {
    await env.stop();
    await rm(dist, { recursive: true, force: true });
  });

  it('a hashed asset is immutable for a year; a missing one is a 404; the page and the service worker are not kept', async () => {
    const base = env.server.url;
    const asset = await fetch(`${base}/assets/index-AbC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await fetch(`${base}/assets/index-Gone99.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');

    const page = await fetch(`${base}/cases/abc`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>Casehub</title>');
    expect((await fetch(`${base}/`)).headers.get('cache-control')).toBe('no-cache');

    expect((await fetch(`${base}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });
});
