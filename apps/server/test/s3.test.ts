import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { sha256Hex } from '../src/storage/blobs.js';
import { S3BlobStore } from '../src/storage/s3-blobs.js';
import { featureBackends, createCase, signUp, startTestServer, waitFor } from './helpers.js';
import { pdfCorpusDir } from './corpus.js';

const bucket = 'casehub-test';
const credentials = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
const pdfPath = `${pdfCorpusDir}/pdfminer-simple1-minimal.pdf`;

/** s3rver: an S3-compatible server in this process, on a temp directory. */
describe('S3-compatible blob storage', () => {
  let s3: S3rver;
  let dir: string;
  let endpoint: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'casehub-s3-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
    const address = await s3.run();
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const store = () => {
    const config = loadConfig({ S3_BUCKET: bucket, S3_ENDPOINT: endpoint, ...credentials });
    if (!config.s3) throw new Error('S3 not configured');
    return new S3BlobStore(config.s3);
  };

  it('stores by SHA-256, reads back whole and by range, and knows what it lacks', async () => {
    const blobs = store();
    const bytes = new TextEncoder().encode('content-addressed bytes');
    const key = await blobs.put(bytes);
    expect(key).toBe(sha256Hex(bytes));
    expect(await blobs.put(bytes)).toBe(key);
    expect(await blobs.get(key)).toEqual(bytes);
    expect(await blobs.size(key)).toBe(bytes.byteLength);
    const chunks: Buffer[] = [];
    for await (const chunk of await blobs.stream(key, { start: 8, end: 12 })) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('addre');
    expect(await blobs.size('0'.repeat(64))).toBeNull();
    await expect(blobs.get('0'.repeat(64))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it.each(featureBackends)('a server with S3_BUCKET keeps uploads in the bucket, extracts and serves them (%s)', async (backend) => {
    const env = await startTestServer(backend, { S3_BUCKET: bucket, S3_ENDPOINT: endpoint, ...credentials });
    try {
      const { client } = await signUp(env.server.url);
      const { id } = await createCase(client);
      const bytes = new Uint8Array(await readFile(pdfPath));
      const form = new FormData();
      form.set('file', new Blob([bytes]), 'hello.pdf');
      const res = await fetch(`${env.server.url}/api/cases/${id}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
      expect(res.status).toBe(201);
      const { fileId } = (await res.json()) as { fileId: string };
      expect(await store().size(sha256Hex(bytes))).toBe(bytes.byteLength);
      // The runner may already be extracting it in the background: wait for the outcome, not for drain().
      await env.server.jobs.drain();
      const meta = await waitFor(
        async () => {
          const body = (await client.get(`/api/files/${fileId}`)).body;
          return body.textStatus === 'pending' ? null : body;
        },
        'the extraction to end',
        60_000,
      );
      expect(meta).toMatchObject({ textStatus: 'done', pages: 1 });
      const part = await fetch(`${env.server.url}/api/files/${fileId}/content`, { headers: { cookie: client.cookie, range: 'bytes=0-7' } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('%PDF-1.4');
    } finally {
      await env.stop();
    }
  });
});

describe('S3 configuration', () => {
  it('is off without S3_BUCKET, and path-style by default with a custom endpoint', () => {
    expect(loadConfig({}).s3).toBeUndefined();
    expect(loadConfig({ S3_BUCKET: 'files' }).s3).toMatchObject({ bucket: 'files', region: 'us-east-1', forcePathStyle: false, credentials: undefined });
    expect(loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'http://minio:9000', ...credentials }).s3).toMatchObject({
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    expect(loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle).toBe(false);
  });

  it('names the variable that is wrong or missing', () => {
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET: must be set when S3_ENDPOINT is/);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY: must be set together with S3_ACCESS_KEY_ID/);
    expect(() => loadConfig({ S3_BUCKET: 'Not_A_Bucket' })).toThrow(ConfigError);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT/);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
