import { createHash } from 'node:crypto';
import { frameSelectionScript } from '@casehub/contract';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

async function headersFor(publicUrl: string | undefined): Promise<Headers> {
  const app = new Hono();
  app.use('*', securityHeaders({ publicUrl }));
  app.get('/', (c) => c.html('<!doctype html><title>x</title>'));
  return (await app.request('/')).headers;
}

describe('security headers', () => {
  it('[issue 14.6] allow exactly the email frame’s one inline script, by its hash', async () => {
    const hash = createHash('sha256').update(frameSelectionScript).digest('base64');
    expect((await headersFor(undefined)).get('content-security-policy')).toContain(`script-src 'self' 'sha256-${hash}'`);
  });

  it('[issue 14.6] send HSTS only when PUBLIC_URL is https', async () => {
    expect((await headersFor('http://casehub.test')).get('strict-transport-security')).toBeNull();
    expect((await headersFor('https://casehub.example')).get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
