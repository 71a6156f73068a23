import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, parseSecretKey, type Config } from '../config.js';

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

/**
 * Secrets at rest (DESIGN §7): AES-256-GCM under SECRET_KEY, each sealed
 * value bound to what it belongs to (`context`, e.g. the mailbox id) as
 * additional data, so a sealed password copied onto another row does not open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.byteLength !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the value was sealed under another key or context, or was changed. */
  open(sealed: string, context: string): string {
    const [v, data] = sealed.split(':');
    if (v !== version || !data) throw new Error('not a sealed value');
    const bytes = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
  }
}

/**
 * SECRET_KEY, or on a single node the key kept in DATA_DIR/secret.key,
 * generated (mode 0600) the first time. Several nodes must share one key,
 * so config.ts demands SECRET_KEY with REDIS_URL.
 */
export async function loadSecretKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<Buffer> {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  await mkdir(config.dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
  }
  const key = parseSecretKey(await readFile(file, 'utf8'));
  if (!key)
    throw new ConfigError(`Invalid configuration:\n  SECRET_KEY: not set, and ${file} does not hold a key (64 hex digits); set SECRET_KEY or remove the file`);
  return key;
}
