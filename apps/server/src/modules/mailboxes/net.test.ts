import { describe, expect, it } from 'vitest';
import { resolveMailHost } from './net.js';

describe('mailbox hosts', () => {
  it('[M4.2] link-local, multicast and unspecified addresses are never reached; loopback and private only when allowed', async () => {
    for (const host of ['169.254.169.254', '0.0.0.0', '224.0.0.1', '[fe80::1]', '::ffff:169.254.169.254']) {
      await expect(resolveMailHost(host, true), host).rejects.toMatchObject({ stage: 'refused' });
    }
    expect(await resolveMailHost('127.0.0.1', true)).toBe('127.0.0.1');
    expect(await resolveMailHost('10.1.2.3', true)).toBe('10.1.2.3');
    await expect(resolveMailHost('127.0.0.1', false)).rejects.toThrow(/MAILBOX_ALLOW_PRIVATE=true/);
    await expect(resolveMailHost('192.168.1.10', false)).rejects.toMatchObject({ stage: 'refused' });
    expect(await resolveMailHost('93.184.216.34', false)).toBe('93.184.216.34');
    await expect(resolveMailHost('no-such-host.invalid', true)).rejects.toMatchObject({ stage: 'dns' });
  });
});
