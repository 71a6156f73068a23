import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Config } from './s3-blobs.js';

/** Content-addressed storage of bytes: the key is the SHA-256 of the content. */
export interface BlobStore {
  /** Stores the bytes (once, however often it is called) and returns their SHA-256. */
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array>;
  stream(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  size(sha256: string): Promise<number | null>;
}

/** The S3 store, its SDK loaded only when S3 is configured (a few dozen MB a server on disk never needs; issue 18). */
export async function s3BlobStore(config: S3Config): Promise<BlobStore> {
  const { S3BlobStore } = await import('./s3-blobs.js');
  return new S3BlobStore(config);
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const validKey = /^[0-9a-f]{64}$/;

/**
 * Files under `root/ab/abcdef…`. A write goes to a temporary name and is
 * renamed into place, so a crash never leaves a half-written blob under its
 * final name, and the rename is atomic when two writers race.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!validKey.test(sha256)) throw new RangeError('invalid blob key');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    const target = this.pathOf(key);
    if ((await this.size(key)) === bytes.byteLength) return key;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes, { flush: true });
    await rename(temp, target);
    return key;
  }

  async get(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(sha256)));
  }

  async stream(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    return createReadStream(this.pathOf(sha256), range);
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }
}
