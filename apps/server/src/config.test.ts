import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for everything', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpPort).toBe(2525);
    // Issue 16: webhooks stay off private addresses, /metrics is open, finished jobs are kept 3 days.
    expect(config.webhookAllowPrivate).toBe(false);
    expect(config.metricsToken).toBeUndefined();
    expect(config.jobRetentionMs).toBe(72 * 3600_000);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    // DESIGN §7: anyone may sign up, and no forwarded header is believed.
    expect(config.signup).toBe('open');
    expect(config.trustProxyHops).toBe(0);
    expect(loadConfig({ SIGNUP: 'invite', TRUST_PROXY: '2' })).toMatchObject({ signup: 'invite', trustProxyHops: 2 });
    expect(loadConfig({ TRUST_PROXY: 'FALSE' }).trustProxyHops).toBe(0);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": must be a number/],
    ['PORT', '70000', /PORT="70000": must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://db', /DATABASE_URL="mysql:\/\/db"/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL="localhost:6379"/],
    ['PUBLIC_URL', 'example.com', /PUBLIC_URL="example.com"/],
    ['SMTP_URL', 'http://x', /SMTP_URL="http:\/\/x"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/],
    ['SIGNUPS_PER_HOUR', '0', /SIGNUPS_PER_HOUR="0": must be at least 1/],
    ['MAX_SOCKETS_PER_USER', 'many', /MAX_SOCKETS_PER_USER="many": must be a number/],
    ['MAX_STREAMS_PER_USER', '2.5', /MAX_STREAMS_PER_USER="2.5": must be a whole number/],
    ['SMTP_MAX_RECIPIENTS', '-1', /SMTP_MAX_RECIPIENTS="-1": must be at least 1/],
    ['SIGNUP', 'closed', /SIGNUP="closed": must be open or invite/],
    ['TRUST_PROXY', 'yes', /TRUST_PROXY="yes": must be false, or how many proxies/],
    ['TRUST_PROXY', '10.0.0.0/8', /TRUST_PROXY="10.0.0.0\/8": must be false, or how many proxies/],
    ['HTTP_HEADERS_TIMEOUT_SECONDS', 'soon', /HTTP_HEADERS_TIMEOUT_SECONDS="soon"/],
    ['HTTP_REQUEST_TIMEOUT_SECONDS', '100000', /HTTP_REQUEST_TIMEOUT_SECONDS="100000": must be at most 86400/],
    ['WEBHOOK_ALLOW_PRIVATE', 'yes please', /WEBHOOK_ALLOW_PRIVATE="yes please": must be true or false/],
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN="short": must be at least 16 characters/],
    ['JOB_RETENTION_HOURS', '0', /JOB_RETENTION_HOURS="0": must be at least 1/],
    ['SECRET_KEY', 'hunter2', /SECRET_KEY="hunter2": must be 32 random bytes/],
    ['SECRET_KEY', 'ab'.repeat(31), /SECRET_KEY="(ab)+": must be 32 random bytes/],
    ['MAILBOX_POLL_SECONDS', '0', /MAILBOX_POLL_SECONDS="0": must be at least 1/],
    ['MAILBOX_ALLOW_PRIVATE', 'maybe', /MAILBOX_ALLOW_PRIVATE="maybe": must be true or false/],
    ['REDIS_CLUSTER', 'on', /REDIS_CLUSTER="on": must be true or false/],
  ])('%s=%s stops start-up naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('[M6.1] SECRET_KEY: 64 hex digits or base64 of 32 bytes; required when several nodes run (REDIS_URL), naming the variable', () => {
    expect(loadConfig({}).secretKey).toBeUndefined();
    expect(loadConfig({ SECRET_KEY: 'ab'.repeat(32) }).secretKey?.toString('hex')).toBe('ab'.repeat(32));
    expect(loadConfig({ SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey).toEqual(Buffer.alloc(32, 7));
    const several = { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://db/x' };
    expect(() => loadConfig(several)).toThrow(/SECRET_KEY: must be set when several nodes run/);
    expect(loadConfig({ ...several, SECRET_KEY: 'cd'.repeat(32) }).secretKey?.byteLength).toBe(32);
    expect(loadConfig({}).mailboxes).toEqual({ allowPrivate: true, pollMs: 60_000, backfillDays: 30, retryMaxMs: 900_000, authservId: null, leaseMs: 60_000 });
  });

  it('[issue 18] REDIS_CLUSTER names REDIS_URL as one node of a Redis Cluster, and needs it', () => {
    expect(loadConfig({}).redisCluster).toBe(false);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true' })).toThrow(/REDIS_CLUSTER: set REDIS_URL too/);
    const several = { REDIS_URL: 'redis://127.0.0.1:7000', DATABASE_URL: 'postgres://db/x', SECRET_KEY: 'cd'.repeat(32) };
    expect(loadConfig({ ...several, REDIS_CLUSTER: 'true' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:7000', redisCluster: true });
  });

  it('trims a trailing slash off PUBLIC_URL and treats empty values as unset', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cases.example.com/' }).publicUrl).toBe('https://cases.example.com');
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
