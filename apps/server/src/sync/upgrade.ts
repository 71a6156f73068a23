import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { docName, parseDocName, type DocSide } from '@casehub/case-document';
import { closeCodes } from '@casehub/contract';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Config } from '../config.js';
import { errorBody } from '../http/errors.js';
import { isAllowedOrigin } from '../http/origin.js';
import type { Actor } from '../modules/access/policy.js';
import { presenceIdentity, type PresenceIdentity } from './presence.js';
import { BadFrame } from './protocol.js';
import type { Conn } from './room.js';
import type { RoomManager } from './rooms.js';

export const syncPathPrefix = '/sync/';

/** Sockets that miss two pings in a row are dropped (half-open TCP). */
const pingIntervalMs = 30_000;

/** How long a refused peer has to read the HTTP answer before its socket is destroyed. */
const refusalLingerMs = 1000;

type Refusal = { status: number; code: string; message: string };

/**
 * [S5] What the sync endpoint asks of the rest of the server, and all it
 * knows of it: who an upgrade request is, what their socket's credential
 * stands for now, and whether they may open (and write) a document. The
 * composition root builds it from the auth and cases services
 * (modules/access/sync-gate.ts); sync imports nothing from modules/.
 */
export type SyncGate = {
  /** The credential an upgrade carries: a key that identical lookups in flight share, and how to resolve it. Null: none. */
  credential(req: IncomingMessage, url: URL): { key: string; resolve(): Promise<Actor | null> } | null;
  /** The same actor with its current role, or null once the session or token no longer works. */
  recheck(actor: Actor): Promise<Actor | null>;
  /** Whether the actor may open a document of this case, and write to it. Null: refuse. */
  access(actor: Actor, caseId: string, side: DocSide): Promise<{ canWrite: boolean } | null>;
  /** The name a person shows under in presence. */
  displayName(userId: string): Promise<string | null>;
};

/**
 * The /sync endpoint: authenticate → check Origin → authorise the document →
 * load it → accept the socket. Every refusal is an HTTP answer to the upgrade
 * request, so no byte of a document reaches anyone who may not read it.
 */
export function createSyncEndpoint(deps: { config: Config; log: Logger; gate: SyncGate; rooms: RoomManager }) {
  const { config, log, gate, rooms } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false });
  let nextConnId = 1;

  const pinger = setInterval(() => {
    for (const conn of rooms.connections()) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, pingIntervalMs);
  pinger.unref();

  /**
   * Identical lookups in flight at once share one query: a reconnect storm
   * brings back many sockets of one session, token or case at the same
   * moment, and each used to cost its own three queries. Only lookups of the
   * same `accessEpoch` are shared, so none begun before a revocation answers
   * an admission that began after it.
   */
  const inFlight = new Map<string, Promise<unknown>>();
  function shared<T>(key: string, lookup: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key);
    if (running) return running as Promise<T>;
    const started = lookup().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }

  // [S9] Another node changed someone's access: check their sockets here, as that node did its own.
  // [S9] Someone's access changed, here or on another node: check their sockets here.
  rooms.onAccessChange((who) => recheck(who).catch((err: unknown) => log.error({ err }, 'could not re-check sockets after an access change')));

  // [S9] And every socket, every ACCESS_RECHECK_SECONDS: a session that expired, or a change whose
  // announcement never arrived (or a path that forgot to announce), closes its sockets within that time.
  let sweeping = false;
  const sweeper =
    config.accessRecheckMs > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          recheck('everyone')
            .catch((err: unknown) => log.error({ err }, 'could not re-check sockets'))
            .finally(() => (sweeping = false));
        }, config.accessRecheckMs)
      : undefined;
  sweeper?.unref();

  /** Closes the sockets whose credential or access is gone, or whose role or right to write changed (to reopen under them). */
  async function recheck(who: string[] | 'everyone'): Promise<void> {
    const people = who === 'everyone' ? null : new Set(who);
    // One lookup per credential, and per person and document, for the whole sweep.
    const answers = new Map<string, Promise<unknown>>();
    const once = <T>(key: string, lookup: () => Promise<T>): Promise<T> => {
      if (!answers.has(key)) answers.set(key, lookup());
      return answers.get(key) as Promise<T>;
    };
    for (const conn of [...rooms.connections()]) {
      const { actor } = conn;
      if (people && !people.has(actor.userId)) continue;
      const credential = actor.via.kind === 'session' ? actor.via.idHash : actor.via.tokenId;
      const now = await once(`${actor.via.kind} ${credential}`, () => gate.recheck(actor));
      const access = now ? await once(accessKey(now, docName(conn.caseId, conn.side)), () => gate.access(now, conn.caseId, conn.side)) : null;
      // The one place a socket's access is changed: gone (4401/4403), or kept under a new workspace role or a new
      // right to write (4000 [S9.4]: the socket was opened under the old ones; the client reconnects at once, keeps
      // its copy, and asks again what it may do, so its page stops offering what the server would refuse).
      if (!now) rooms.disconnectWhere((c) => c === conn, 'unauthenticated');
      else if (!access) rooms.disconnectWhere((c) => c === conn, 'forbidden');
      else if (now.role !== actor.role || access.canWrite !== conn.canWrite) rooms.disconnectWhere((c) => c === conn, 'reconnect');
    }
  }

  async function authenticate(req: IncomingMessage, url: URL, epoch: number): Promise<Actor | null> {
    const credential = gate.credential(req, url);
    return credential ? shared(`${epoch} ${credential.key}`, credential.resolve) : null;
  }

  async function admit(
    req: IncomingMessage,
    epoch: number,
  ): Promise<
    Refusal | { actor: Actor; identity: PresenceIdentity; docName: string; caseId: string; side: 'team' | 'shared'; canWrite: boolean; wantsAcks: boolean }
  > {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(syncPathPrefix.length));
    } catch {
      return { status: 404, code: 'not_found', message: 'Unknown document' };
    }
    const parsed = parseDocName(name);
    if (!parsed) return { status: 404, code: 'not_found', message: 'Unknown document' };
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, config)) {
      return { status: 403, code: 'forbidden', message: 'Origin not allowed' };
    }
    const actor = await authenticate(req, url, epoch);
    if (!actor) return { status: 401, code: 'unauthenticated', message: 'Sign in, or pass ?token=<api token>' };
    const [access, userName] = await Promise.all([
      shared(`${epoch} ${accessKey(actor, name)}`, () => gate.access(actor, parsed.caseId, parsed.side)),
      shared(`name ${actor.userId}`, () => gate.displayName(actor.userId)),
    ]);
    if (!access) return { status: 404, code: 'not_found', message: 'No such document, or you may not open it' };
    return {
      actor,
      identity: presenceIdentity(actor.userId, userName ?? 'Someone'),
      docName: name,
      caseId: parsed.caseId,
      side: parsed.side,
      canWrite: access.canWrite,
      wantsAcks: url.searchParams.get('ack') === '1',
    };
  }

  /**
   * [issue 20.11] At most MAX_SOCKETS_PER_USER sockets of one person on this
   * node, counted from admission (so a burst of upgrades in flight counts
   * too) until the TCP socket closes, whichever way it ends. False: refuse.
   */
  const socketsByUser = new Map<string, number>();
  function holdSocketSlot(userId: string, socket: Duplex): boolean {
    const held = socketsByUser.get(userId) ?? 0;
    if (held >= config.limits.socketsPerUser) return false;
    socketsByUser.set(userId, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (socketsByUser.get(userId) ?? 1) - 1;
      if (left > 0) socketsByUser.set(userId, left);
      else socketsByUser.delete(userId);
    };
    socket.once('close', release);
    if (socket.destroyed) release();
    return true;
  }

  function refuse(socket: Duplex, refusal: Refusal): void {
    const body = JSON.stringify(errorBody(refusal.code, refusal.message));
    const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[refusal.status] ?? 'Error';
    socket.end(
      `HTTP/1.1 ${refusal.status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // [S12] end() only half-closes, and the HTTP server allows half-open
    // sockets: a refused peer that never closes its side must not keep one.
    setTimeout(() => socket.destroy(), refusalLingerMs).unref();
  }

  function attach(ws: WebSocket, conn: Conn, room: Awaited<ReturnType<RoomManager['acquire']>>): void {
    room.addConn(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      conn.alive = true;
      try {
        if (!isBinary) throw new BadFrame('text frames are not part of the protocol');
        room.receive(conn, toUint8Array(data));
      } catch (err) {
        const reason = err instanceof BadFrame ? err.message : 'internal error';
        if (!(err instanceof BadFrame)) log.error({ err, doc: room.name }, 'sync message failed');
        else log.warn({ doc: room.name, userId: conn.actor.userId, reason }, 'bad sync frame; closing socket');
        ws.close(closeCodes.badFrame, reason.slice(0, 120));
      }
    });
    ws.on('error', (err) => log.warn({ err, doc: room.name }, 'sync socket error'));
    ws.on('close', () => {
      room.removeConn(conn);
      rooms.release(room);
    });
  }

  return {
    /** Handles an HTTP upgrade request for /sync/...; returns false for other paths. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if (!req.url?.startsWith(syncPathPrefix)) return false;
      socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
      void (async () => {
        const decide = (epoch: number) =>
          admit(req, epoch).catch((err: unknown) => {
            log.error({ err }, 'sync admission failed');
            return { status: 503, code: 'unavailable', message: 'Try again shortly' } satisfies Refusal;
          });
        let epoch = rooms.accessEpoch;
        let decision = await decide(epoch);
        if ('status' in decision) return refuse(socket, decision);
        if (!holdSocketSlot(decision.actor.userId, socket)) {
          return refuse(socket, {
            status: 429,
            code: 'rate_limited',
            message: `At most ${config.limits.socketsPerUser} open sync connections per person (MAX_SOCKETS_PER_USER); close some tabs`,
          });
        }
        let room;
        try {
          room = await rooms.acquire(decision.docName);
        } catch (err) {
          log.error({ err, doc: decision.docName }, 'could not load document');
          return refuse(socket, { status: 503, code: 'unavailable', message: 'The document could not be loaded; try again' });
        }
        // Access changed while this admission ran (a sign-out, a removal): decide again.
        for (let tries = 0; epoch !== rooms.accessEpoch; tries++) {
          epoch = rooms.accessEpoch;
          decision = tries < 3 ? await decide(epoch) : { status: 503, code: 'unavailable', message: 'Try again shortly' };
          if ('status' in decision) {
            rooms.release(room);
            return refuse(socket, decision);
          }
        }
        if (socket.destroyed) {
          rooms.release(room);
          return;
        }
        // ws drops a bad handshake without calling back; the hold must still go.
        let attached = false;
        socket.once('close', () => {
          if (!attached) rooms.release(room);
        });
        wss.handleUpgrade(req, socket, head, (ws) => {
          attached = true;
          const conn: Conn = {
            id: nextConnId++,
            ws,
            actor: decision.actor,
            identity: decision.identity,
            caseId: decision.caseId,
            side: decision.side,
            canWrite: decision.canWrite,
            awarenessIds: new Set(),
            alive: true,
            deniedWrites: 0,
            wantsAcks: decision.wantsAcks,
          };
          attach(ws, conn, room);
          closeAtExpiry(rooms, conn);
        });
      })();
      return true;
    },

    close(): void {
      clearInterval(pinger);
      clearInterval(sweeper);
      wss.close();
    },
  };
}

/** Longest a Node timer waits (about 24.8 days); a later expiry is left to the periodic re-check. */
const maxTimerMs = 2 ** 31 - 1;

/** A socket opened with an expiring API token closes the moment the token expires. */
function closeAtExpiry(rooms: RoomManager, conn: Conn): void {
  const { via } = conn.actor;
  if (via.kind !== 'token' || via.expiresAt === undefined) return;
  const wait = via.expiresAt - Date.now();
  if (wait > maxTimerMs) return;
  const timer = setTimeout(() => rooms.disconnectWhere((c) => c === conn, 'unauthenticated'), Math.max(0, wait));
  timer.unref();
  conn.ws.once('close', () => clearTimeout(timer));
}

/**
 * What an access decision depends on: who, in which workspace, with which
 * role, with which credential's reach (a read-only API token of a person
 * opens documents read-only where their session writes), on which document.
 */
function accessKey(actor: Actor, name: string): string {
  const reach = actor.via.kind === 'token' ? actor.via.scope : 'session';
  return `access ${actor.workspaceId} ${actor.userId} ${actor.role} ${reach} ${name}`;
}

/** ws hands out Buffers that may view a larger pooled ArrayBuffer; view exactly the frame. */
function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
