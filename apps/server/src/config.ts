import path from 'node:path';
import { z } from 'zod';
import type { S3Config } from './storage/s3-blobs.js';

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** A whole number within bounds, for limits; the messages name the bounds. */
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const envSchema = z.object({
  PORT: port(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** REDIS_URL is one node of a Redis Cluster: the client finds the others. */
  REDIS_CLUSTER: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  SMTP_PORT: port(2525),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** The domain of case addresses (case-<token>@MAIL_DOMAIN). */
  MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/, 'must be a domain name such as mail.example.com')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a document stays in memory after its last client leaves. */
  DOC_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** Log entries after which a document's log is compacted into a snapshot. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** How often every open sync socket's credential and access are checked again, in seconds (0: only on a change). */
  ACCESS_RECHECK_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0).max(86_400).default(60),
  VERSION_INTERVAL_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(86_400).default(300),
  /** Largest sync frame accepted, in bytes. */
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** Unsent data one sync socket may pile up before it is closed as too slow, in bytes. */
  MAX_BUFFERED_BYTES: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(64 * 1024, 'must be at least 65536')
    .max(1024 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  /** Largest size a loaded document may grow to through client updates, in bytes. */
  MAX_DOC_BYTES: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1024, 'must be at least 1024')
    .max(1024 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  WEB_DIST: z.string().trim().optional(),
  /** How long before its due time an open expectation turns "at risk", in hours. */
  EXPECTATION_AT_RISK_HOURS: z.coerce
    .number({ message: 'must be a number' })
    .min(0)
    .max(24 * 365)
    .default(24),
  /** How often the server moves expectations on as time passes, in seconds. */
  EXPECTATION_TICK_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(86_400).default(30),
  /** How often the server looks for email digests that are due, in seconds. */
  DIGEST_TICK_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(86_400).default(300),
  /** Largest upload (a file, an .eml or .mbox, a raw email), in MiB. */
  MAX_UPLOAD_MB: z.coerce.number({ message: 'must be a number' }).positive('must be more than 0').max(10_240).default(50),
  /** Largest archive POST /api/import takes (an export of a whole workspace), in MiB. */
  MAX_IMPORT_MB: z.coerce.number({ message: 'must be a number' }).positive('must be more than 0').max(1_048_576).default(4096),
  /** Setting S3_BUCKET stores files in S3 (or an S3-compatible server at S3_ENDPOINT) instead of DATA_DIR. */
  S3_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)')
    .optional(),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
  // What one person or one client address may hold at once (issue 20.10, 20.11).
  /** Sign-ups from one client address per hour. */
  SIGNUPS_PER_HOUR: count(1, 1_000_000, 10),
  /** Open /sync sockets of one person on one node. */
  MAX_SOCKETS_PER_USER: count(1, 100_000, 50),
  /** Open notification event streams of one person on one node. */
  MAX_STREAMS_PER_USER: count(1, 10_000, 10),
  /** Recipients of one message at the built-in SMTP server (RFC 5321 asks for at least 100). */
  SMTP_MAX_RECIPIENTS: count(1, 10_000, 100),
  /** How long a client may take to send a request's headers, in seconds. */
  HTTP_HEADERS_TIMEOUT_SECONDS: count(1, 3600, 20),
  /** How long a client may take to send a whole request, body included, in seconds. */
  HTTP_REQUEST_TIMEOUT_SECONDS: count(1, 86_400, 120),
  // Integrations (issue 16).
  /** Webhooks may reach loopback, private and link-local addresses (checked at creation and at every delivery). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'),
  /**
   * DESIGN §7: the key that encrypts stored mailbox credentials (AES-256-GCM): 32 bytes as 64 hex digits or
   * base64. Generated into DATA_DIR/secret.key when absent on one node; required with several (REDIS_URL).
   */
  SECRET_KEY: z
    .string()
    .trim()
    .refine((v) => parseSecretKey(v) !== null, 'must be 32 random bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)')
    .optional(),
  // Mailboxes (issue 13).
  /** Connected mailboxes may reach loopback and private-network IMAP/SMTP hosts (a self-hosted server's own mail server); false refuses them. */
  MAILBOX_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('true'),
  /** How often a mailbox folder is checked when IDLE brings no news (and where the server lacks IDLE), in seconds. */
  MAILBOX_POLL_SECONDS: count(1, 86_400, 60),
  /** Days of mail a newly connected mailbox brings in first (its backfill). */
  MAILBOX_BACKFILL_DAYS: count(0, 3650, 30),
  /** Longest wait between two tries of a mailbox whose server fails (the wait doubles from 5 s up to this), in seconds. */
  MAILBOX_RETRY_MAX_SECONDS: count(1, 86_400, 900),
  /** How long a node's hold on a mailbox lasts unless renewed (SPEC M5): another node takes a dead node's mailboxes over within this, in seconds. */
  MAILBOX_LEASE_SECONDS: count(3, 3600, 60),
  /**
   * The authserv-id (RFC 8601) a connected mailbox's server writes in its
   * Authentication-Results header; set, a topmost header naming another is
   * not believed (then the message has no verdict).
   */
  MAILBOX_AUTHSERV_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a host name such as mx.example.com')
    .optional(),
  /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').max(512).optional(),
  /** Finished jobs (and the webhook delivery log) are deleted after this many hours. */
  JOB_RETENTION_HOURS: count(1, 24 * 365, 72),
  /** DESIGN §7: single sign-on with an OpenID provider; the three go together. http: only for a provider on this machine (tests). */
  OIDC_ISSUER: url(['https:', 'http:'])
    .refine((value) => {
      const u = new URL(value);
      return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    }, 'must be an https URL (http only for localhost)')
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The provider's name on the sign-in button ("Sign in with …"). */
  OIDC_NAME: z.string().trim().min(1).max(60).default('single sign-on'),
  /** DESIGN §7: `open` (anyone creates a workspace) or `invite` (only the first person on an empty server; everyone else by invite). */
  SIGNUP: z.enum(['open', 'invite'], { message: 'must be open or invite' }).default('open'),
  /**
   * DESIGN §7: how many reverse proxies stand in front of the server, whose
   * X-Forwarded-For / X-Forwarded-Proto hops to believe; false (the
   * default): none, the peer's address is the client's.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(false|0|[1-9])$/, 'must be false, or how many proxies stand in front of the server (1 to 9)')
    .default('false')
    .transform((v) => (v === 'false' ? 0 : Number(v))),
});

/** A SECRET_KEY's 32 bytes: 64 hex digits, or base64 / base64url of 32 bytes; null for anything else. */
export function parseSecretKey(value: string): Buffer | null {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.byteLength === 32 ? bytes : null;
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET only mean something together. */
const oidcIssues = (e: z.infer<typeof envSchema>): string[] => {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const set = names.filter((k) => e[k] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  return names.filter((k) => e[k] === undefined).map((k) => `${k}: must be set together with ${set.join(', ')}`);
};

/** The S3 variables only mean something together: say which one is missing. */
const s3Issues = (e: z.infer<typeof envSchema>): string[] => {
  const issues: string[] = [];
  const others = (['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const).filter((k) => e[k] !== undefined);
  if (!e.S3_BUCKET && others.length > 0) issues.push(`S3_BUCKET: must be set when ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'}`);
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)) {
    issues.push(
      `${e.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'}: must be set together with ${e.S3_ACCESS_KEY_ID === undefined ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}`,
    );
  }
  return issues;
};

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** REDIS_URL names one node of a Redis Cluster (REDIS_CLUSTER). */
  redisCluster: boolean;
  /** The origin browsers use to reach this server, when it differs from the Host header. */
  publicUrl: string | undefined;
  smtpPort: number;
  smtpUrl: string | undefined;
  /** Case addresses live here: MAIL_DOMAIN, else PUBLIC_URL's host name, else casehub.localhost. */
  mailDomain: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  docUnloadGraceMs: number;
  compactAfterUpdates: number;
  /** 0: sockets are checked again only when access changes. */
  accessRecheckMs: number;
  /** A text changed for this long gets a version at its next commit, mid-session. */
  versionIntervalMs: number;
  maxFrameBytes: number;
  maxBufferedBytes: number;
  maxDocBytes: number;
  webDist: string;
  maxUploadBytes: number;
  maxImportBytes: number;
  expectationAtRiskMs: number;
  expectationTickMs: number;
  digestTickMs: number;
  /** Set: files live in this S3 bucket; unset: under DATA_DIR/blobs. */
  s3: S3Config | undefined;
  /** Webhooks may reach private addresses (WEBHOOK_ALLOW_PRIVATE; for receivers on this machine or network). */
  webhookAllowPrivate: boolean;
  /** Set: /metrics wants it as a Bearer token. */
  metricsToken: string | undefined;
  jobRetentionMs: number;
  /** SECRET_KEY's bytes; undefined: one node keeps a generated key in DATA_DIR/secret.key. */
  secretKey: Buffer | undefined;
  /** Connected mailboxes (issue 13). */
  mailboxes: { allowPrivate: boolean; pollMs: number; backfillDays: number; retryMaxMs: number; authservId: string | null; leaseMs: number };
  signup: 'open' | 'invite';
  /** Single sign-on (OIDC_*), when configured. */
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
  /** Forwarded hops to believe (TRUST_PROXY); 0: none. */
  trustProxyHops: number;
  /** Per-person and per-address caps (issue 20.10, 20.11). */
  limits: {
    signupsPerHour: number;
    socketsPerUser: number;
    streamsPerUser: number;
    smtpRecipients: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(present[String(issue.path[0])])}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  REDIS_URL=${JSON.stringify(e.REDIS_URL)}: several nodes share one PostgreSQL; set DATABASE_URL too (the embedded PGlite serves one process)`,
    );
  }
  const redisCluster = e.REDIS_CLUSTER === 'true' || e.REDIS_CLUSTER === '1';
  if (redisCluster && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration:\n  REDIS_CLUSTER: set REDIS_URL too, to any one node of the cluster (the others are found from it)');
  }
  if (e.REDIS_URL && !e.SECRET_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  SECRET_KEY: must be set when several nodes run (REDIS_URL is set), the same on every node, so each can read the mailbox credentials the others stored',
    );
  }
  const together = [...s3Issues(e), ...oidcIssues(e)];
  if (together.length > 0) throw new ConfigError(`Invalid configuration:\n  ${together.join('\n  ')}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisCluster,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    smtpPort: e.SMTP_PORT,
    smtpUrl: e.SMTP_URL,
    mailDomain: e.MAIL_DOMAIN ?? (e.PUBLIC_URL ? new URL(e.PUBLIC_URL).hostname.toLowerCase() : 'casehub.localhost'),
    logLevel: e.LOG_LEVEL,
    docUnloadGraceMs: e.DOC_UNLOAD_GRACE_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    accessRecheckMs: e.ACCESS_RECHECK_SECONDS * 1000,
    versionIntervalMs: e.VERSION_INTERVAL_SECONDS * 1000,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    maxBufferedBytes: e.MAX_BUFFERED_BYTES,
    maxDocBytes: e.MAX_DOC_BYTES,
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    maxImportBytes: Math.floor(e.MAX_IMPORT_MB * 1024 * 1024),
    expectationAtRiskMs: Math.round(e.EXPECTATION_AT_RISK_HOURS * 3600_000),
    expectationTickMs: e.EXPECTATION_TICK_SECONDS * 1000,
    digestTickMs: e.DIGEST_TICK_SECONDS * 1000,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          // Self-hosted S3-compatible servers seldom have per-bucket host names.
          forcePathStyle: e.S3_FORCE_PATH_STYLE === undefined ? e.S3_ENDPOINT !== undefined : e.S3_FORCE_PATH_STYLE === 'true' || e.S3_FORCE_PATH_STYLE === '1',
          credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
        }
      : undefined,
    webDist: path.resolve(e.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true' || e.WEBHOOK_ALLOW_PRIVATE === '1',
    metricsToken: e.METRICS_TOKEN,
    jobRetentionMs: e.JOB_RETENTION_HOURS * 3600_000,
    secretKey: e.SECRET_KEY ? (parseSecretKey(e.SECRET_KEY) ?? undefined) : undefined,
    mailboxes: {
      allowPrivate: e.MAILBOX_ALLOW_PRIVATE === 'true' || e.MAILBOX_ALLOW_PRIVATE === '1',
      pollMs: e.MAILBOX_POLL_SECONDS * 1000,
      backfillDays: e.MAILBOX_BACKFILL_DAYS,
      retryMaxMs: e.MAILBOX_RETRY_MAX_SECONDS * 1000,
      authservId: e.MAILBOX_AUTHSERV_ID ?? null,
      leaseMs: e.MAILBOX_LEASE_SECONDS * 1000,
    },
    signup: e.SIGNUP,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER.replace(/\/+$/, ''), clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME }
        : undefined,
    trustProxyHops: e.TRUST_PROXY,
    limits: {
      signupsPerHour: e.SIGNUPS_PER_HOUR,
      socketsPerUser: e.MAX_SOCKETS_PER_USER,
      streamsPerUser: e.MAX_STREAMS_PER_USER,
      smtpRecipients: e.SMTP_MAX_RECIPIENTS,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    },
  };
}
