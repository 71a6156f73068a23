import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sha256Hex, type BlobStore } from './blobs.js';

export type S3Config = {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** Both or neither; neither means the SDK's own chain (environment, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
};

const validKey = /^[0-9a-f]{64}$/;

/**
 * The blob store on S3 or an S3-compatible server (MinIO, Ceph, R2...):
 * objects keyed `ab/abcdef…` by SHA-256. S3 writes are atomic per object,
 * so a crash mid-upload never leaves a partial blob under its key.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Many S3-compatible servers reject or ignore the SDK's default
      // flexible checksums; the content address is our integrity check.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private keyOf(sha256: string): string {
    if (!validKey.test(sha256)) throw new RangeError('invalid blob key');
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    if ((await this.size(sha256)) === bytes.byteLength) return sha256;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.keyOf(sha256),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: 'application/octet-stream',
      }),
    );
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(sha256) }));
    if (!res.Body) throw new Error(`blob ${sha256} has no body`);
    return res.Body.transformToByteArray();
  }

  async stream(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const res = await this.client.send(
      new GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(sha256), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    // In Node the SDK answers with an http.IncomingMessage, a Readable.
    if (!(res.Body instanceof Readable)) throw new Error(`blob ${sha256} did not come back as a stream`);
    return res.Body;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(sha256) }));
      return head.ContentLength ?? null;
    } catch (err) {
      if (err instanceof Error && (err.name === 'NotFound' || err.name === 'NoSuchKey')) return null;
      throw err;
    }
  }
}
