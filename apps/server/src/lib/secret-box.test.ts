import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  it('[M4.1] seals with AES-256-GCM: opens only under the same key and context, and a changed byte is refused', async () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('app-password-123', 'mailbox:a');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('app-password-123');
    expect(box.seal('app-password-123', 'mailbox:a')).not.toBe(sealed);
    expect(box.open(sealed, 'mailbox:a')).toBe('app-password-123');
    expect(() => box.open(sealed, 'mailbox:b')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'mailbox:a')).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`, 'mailbox:a')).toThrow();

    const dir = await mkdtemp(path.join(tmpdir(), 'casehub-key-'));
    try {
      const key = await loadSecretKey({ secretKey: undefined, dataDir: dir });
      expect(key.byteLength).toBe(32);
      expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
      expect(await loadSecretKey({ secretKey: undefined, dataDir: dir })).toEqual(key);
      expect(await loadSecretKey({ secretKey: Buffer.alloc(32, 9), dataDir: dir })).toEqual(Buffer.alloc(32, 9));
      expect((await readFile(path.join(dir, 'secret.key'), 'utf8')).trim()).toBe(key.toString('hex'));
      await writeFile(path.join(dir, 'secret.key'), 'garbage');
      await expect(loadSecretKey({ secretKey: undefined, dataDir: dir })).rejects.toThrow(/SECRET_KEY: not set, and .*secret\.key does not hold a key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
