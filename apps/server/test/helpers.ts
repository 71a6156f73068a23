import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { planFragment } from '@casehub/case-document';
import * as Y from 'yjs';
import { loadConfig, type Config } from '../src/config.js';
import { startServer, type RunningServer, type ServerOptions } from '../src/server.js';
import { openDatabase } from '../src/storage/db.js';

/**
 * The backends every integration suite runs on. PostgreSQL joins when
 * TEST_DATABASE_URL points at a server whose user may create databases
 * (.ci/run sets it); each test server gets a database of its own.
 */
export type Backend = 'pglite' | 'postgres';
export const adminDatabaseUrl = process.env.TEST_DATABASE_URL;
/** Both databases: for the suites of the storage contract, sync, access and what guests may reach. */
export const backends: Backend[] = adminDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];
/**
 * One database, for the suites of one feature: PostgreSQL (production's) when
 * TEST_DATABASE_URL is set, else PGlite. The suites on `backends` hold the
 * storage contract on both (documents, updates, snapshots, compaction,
 * crashes, jobs, search, visibility and access, export and import, guests'
 * reach), and the whole browser suite runs on PGlite, the default; running
 * every feature on both again cost a fifth of CI's time budget.
 */
export const featureBackends: Backend[] = adminDatabaseUrl ? ['postgres'] : ['pglite'];
if (!adminDatabaseUrl) {
  console.warn('TEST_DATABASE_URL is not set: integration suites run on PGlite only');
}

export type TestEnv = {
  server: RunningServer;
  config: Config;
  backend: Backend;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
};

let pgliteTemplate: Promise<string> | undefined;

/**
 * A PGlite data directory created and migrated once per test process. A new
 * PGlite directory costs about 7 s of CPU (initdb in WebAssembly, then every
 * migration); a copy of this one opens in under one, and the suite starts
 * dozens of servers.
 */
function migratedPglite(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'casehub-pglite-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const database = await openDatabase({ dataDir: dir, databaseUrl: undefined });
    await database.close();
    return path.join(dir, 'pglite');
  })();
  return pgliteTemplate;
}

/** A fresh, empty place to keep data: a temp dir (for PGlite a migrated, empty database in it), and for PostgreSQL a new database. */
export async function freshStorage(backend: Backend): Promise<{ dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'casehub-test-'));
  if (backend === 'pglite' || !adminDatabaseUrl) {
    await cp(await migratedPglite(), path.join(dataDir, 'pglite'), { recursive: true });
    return { dataDir, databaseUrl: undefined, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `casehub_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const a = postgres(adminDatabaseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestServer(backend: Backend, env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestEnv> {
  const storage = await freshStorage(backend);
  const server = await startNode(storage, env, options);
  return {
    server,
    config: server.config,
    backend,
    async stop() {
      await server.close();
      await storage.drop();
    },
  };
}

/** One server node on existing storage (several nodes may share a PostgreSQL database). */
export async function startNode(
  storage: { dataDir: string; databaseUrl: string | undefined },
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<RunningServer & { config: Config }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    DOC_UNLOAD_GRACE_MS: '200',
    // Inbound SMTP on a free port, so parallel test servers never collide on 2525.
    SMTP_PORT: '0',
    // Suites sign up many people from 127.0.0.1; attacker-limits.test.ts sets its own.
    SIGNUPS_PER_HOUR: '1000000',
    ...env,
  });
  const server = await startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), options);
  return Object.assign(server, { config });
}

export type Session = { cookie: string; userId: string; workspaceId: string; email: string };

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A tiny client for the HTTP API that keeps the session cookie. */
export class Client {
  constructor(
    readonly baseUrl: string,
    public cookie = '',
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const match = /casehub_session=([^;]*)/.exec(setCookie);
      if (match) this.cookie = match[1] ? `casehub_session=${match[1]}` : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  delete = (path: string) => this.request('DELETE', path);
}

/** POSTs a raw RFC 5322 message (message/rfc822) as `client`, e.g. to /api/cases/<id>/emails. */
export async function postRawEmail(client: Client, path: string, raw: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${client.baseUrl}${path}`, { method: 'POST', body: raw, headers: { cookie: client.cookie, 'content-type': 'message/rfc822' } });
  return { status: res.status, body: await res.json() };
}

/** Signs up a new person with their own workspace. */
export async function signUp(baseUrl: string, overrides: Partial<{ email: string; name: string; workspaceName: string; password: string }> = {}) {
  const client = new Client(baseUrl);
  const email = overrides.email ?? `user-${unique()}@example.test`;
  const res = await client.post('/api/auth/signup', {
    email,
    password: overrides.password ?? 'correct horse battery',
    name: overrides.name ?? 'Test User',
    workspaceName: overrides.workspaceName ?? 'Test Workspace',
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, me: res.body as { user: { id: string; email: string; name: string }; workspace: { id: string; name: string } } };
}

/** Invites a colleague into `inviter`'s workspace and accepts as them. */
export async function inviteMember(baseUrl: string, inviter: Client, extra: Record<string, unknown> = {}) {
  const email = `colleague-${unique()}@example.test`;
  const invite = await inviter.post('/api/invites', { email, role: 'member', ...extra });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const client = new Client(baseUrl);
  const accepted = await client.post(`/api/invites/${invite.body.token}/accept`, { name: 'Colleague', password: 'another good password' });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { client, me: accepted.body as { user: { id: string } }, email };
}

export async function createCase(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/cases', { title: `Case ${unique()}`, kind: 'deal', ...body });
  if (res.status !== 201) throw new Error(`create case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; title: string };
}

/** A WebSocket class that sends the given headers on the upgrade request. */
export function wsWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as typeof WebSocket;
}

/**
 * The unmodified y-websocket client. Cross-tab BroadcastChannel is off: in
 * one Node process it would let two providers talk without the server.
 */
export function connect(
  baseUrl: string,
  docName: string,
  auth: { cookie?: string; token?: string; origin?: string; /** [S8] ask for durable acknowledgements, as the web client does */ acks?: boolean },
  doc = new Y.Doc(),
): { doc: Y.Doc; provider: WebsocketProvider } {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', docName, doc, {
    WebSocketPolyfill: wsWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { ...(auth.token ? { token: auth.token } : {}), ...(auth.acks ? { ack: '1' } : {}) },
    maxBackoffTime: 200,
  });
  return { doc, provider };
}

export function synced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.once('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Opens a raw socket and records what comes back: whether it opened, the
 * HTTP status of a refused upgrade, and every byte of every message.
 */
export function rawSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const messages: Buffer[] = [];
  let status: number | undefined;
  const opened = new Promise<boolean>((resolve) => {
    ws.on('open', () => resolve(true));
    ws.on('unexpected-response', (_req, res) => {
      status = res.statusCode;
      res.resume();
      resolve(false);
    });
    ws.on('error', () => resolve(false));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data: Buffer) => messages.push(data));
  return { ws, messages, opened, closed, status: () => status };
}

/** Appends a paragraph with `text` to the plan, as an editor would. */
export function addParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  planFragment(doc).push([paragraph]);
}

/** Appends a paragraph and returns the update that did it (a log entry). */
export function paragraphUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  addParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc, before);
}

/** Invites a guest to one case and accepts as them. */
export async function inviteGuest(baseUrl: string, inviter: Client, caseId: string, access = 'editor') {
  const { client, me } = await inviteMember(baseUrl, inviter, { role: 'guest', caseId, access });
  return { client, userId: me.user.id };
}

type SseEvent = { event: string; data: string };

/** Opens GET /api/notifications/stream and collects its events as they come. */
export async function openStream(baseUrl: string, cookie: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${baseUrl}/api/notifications/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: ctrl.signal });
  const events: SseEvent[] = [];
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ?? '' });
        }
      }
    } catch {
      // aborted
    }
  })();
  const unread = () => events.filter((e) => e.event === 'unread').map((e) => (JSON.parse(e.data) as { unread: number }).unread);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    events,
    unread,
    /** Settles when the server ends the stream. */
    ended: reading,
    async close() {
      ctrl.abort();
      await reading;
    },
  };
}
