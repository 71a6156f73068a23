import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { redisClient, type RedisTarget } from '../lib/redis.js';

/**
 * What nodes tell each other about a document: committed updates, awareness,
 * and a heartbeat of the last update sequence number (so a receiver notices a
 * dropped last message). Every message carries the sending node and its
 * per-document sequence number; a receiver that sees a gap resyncs from the
 * database, which always holds everything (commit before publish).
 */
export type BusMessage =
  | { kind: 'update'; node: string; seq: number; data: Uint8Array }
  | { kind: 'awareness'; node: string; seq: number; data: Uint8Array }
  | { kind: 'heartbeat'; node: string; seq: number };

const kinds = ['update', 'awareness', 'heartbeat'] as const;

export interface DocBus {
  readonly nodeId: string;
  /** Whether other nodes may exist (false: publishing is pointless). */
  readonly shared: boolean;
  subscribe(docName: string, handler: (message: BusMessage) => void): Promise<void>;
  /** Stops only if `handler` is still the one subscribed (a newer load may have replaced it). */
  unsubscribe(docName: string, handler: (message: BusMessage) => void): Promise<void>;
  /** Fire and forget: resolves (never rejects) once Redis has taken the message, or failed to. */
  publish(docName: string, message: BusMessage): Promise<void>;
  /** Called after the connection to the bus came back: anything may have been missed. */
  onReconnect(handler: () => void): void;
  /** Tells other nodes that these people's access may have shrunk (their sockets there are checked again). */
  publishAccessChange(userIds: string[]): void;
  /** Another node changed these people's access. */
  onAccessChange(handler: (userIds: string[]) => void): void;
  /** How long each message took from its node's publish to this node (ms, by the two clocks; NTP assumed). */
  onLag(handler: (ms: number) => void): void;
  /** Every document message this node publishes, and every one its subscriber receives (its own echoes included). */
  onTraffic(handler: (direction: 'published' | 'received') => void): void;
  /** How many documents' channels this node listens to: the documents it has loaded. */
  readonly subscribedCount: number;
  close(): Promise<void>;
}

/** One node alone: nothing to tell anyone. */
export class LocalBus implements DocBus {
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly shared = false;
  async subscribe(): Promise<void> {}
  async unsubscribe(): Promise<void> {}
  async publish(): Promise<void> {}
  onReconnect(): void {}
  publishAccessChange(): void {}
  onAccessChange(): void {}
  onLag(): void {}
  onTraffic(): void {}
  readonly subscribedCount = 0;
  async close(): Promise<void> {}
}

/** A message on the wire: its fields, then when it was sent (ms since the epoch; a trailing field older nodes neither write nor read). */
export function encodeBusMessage(m: BusMessage, sentAt = Date.now()): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kinds.indexOf(m.kind));
  encoding.writeVarString(e, m.node);
  encoding.writeVarUint(e, m.seq);
  if (m.kind !== 'heartbeat') encoding.writeVarUint8Array(e, m.data);
  encoding.writeVarUint(e, sentAt);
  return encoding.toUint8Array(e);
}

export function decodeBusMessage(bytes: Uint8Array): BusMessage & { sentAt: number | null } {
  const d = decoding.createDecoder(bytes);
  const kind = kinds[decoding.readVarUint(d)];
  const node = decoding.readVarString(d);
  const seq = decoding.readVarUint(d);
  const sentAt = (): number | null => (decoding.hasContent(d) ? decoding.readVarUint(d) : null);
  if (kind === 'heartbeat') return { kind, node, seq, sentAt: sentAt() };
  if (kind === 'update' || kind === 'awareness') {
    const data = decoding.readVarUint8Array(d);
    return { kind, node, seq, data, sentAt: sentAt() };
  }
  throw new Error('unknown bus message kind');
}

/** A document's shard channel (SSUBSCRIBE/SPUBLISH): on a Redis Cluster it lives on the shard that owns its slot. */
const channelPrefix = 'casehub:doc:';
/**
 * Where nodes announce that someone's access shrank: `{"node": "…", "userIds": ["…"]}`.
 * A classic channel, not a shard one: every node must hear it, whatever documents it serves.
 */
const accessChannel = 'casehub:access';

/**
 * Redis pub/sub between nodes. Document messages go over Redis 7 sharded
 * pub/sub: a node listens (SSUBSCRIBE) only to the documents it has loaded,
 * from the first client's open to the unload after the last one left, so it
 * receives only their traffic; on a Redis Cluster a message (SPUBLISH) also
 * stays on the shard that owns its channel instead of being copied to every
 * shard. Access changes go over one classic channel every node listens to.
 *
 * Delivery is not assumed reliable: Redis may restart and pub/sub drops
 * messages to a disconnected subscriber, so the receiving side resyncs from
 * the database on gaps and on reconnect.
 */
export class RedisBus implements DocBus {
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly shared = true;
  private readonly handlers = new Map<string, (message: BusMessage) => void>();
  private readonly reconnectHandlers: Array<() => void> = [];
  private readonly accessHandlers: Array<(userIds: string[]) => void> = [];
  private readonly lagHandlers: Array<(ms: number) => void> = [];
  private readonly trafficHandlers: Array<(direction: 'published' | 'received') => void> = [];
  private dropping = 0;

  /** The Redis client loads only here: a single node (no REDIS_URL) never holds it (issue 18's memory). */
  static async connect(target: RedisTarget, log: Logger): Promise<RedisBus> {
    const options = { maxRetriesPerRequest: null, enableOfflineQueue: false, lazyConnect: false } as const;
    const [pub, docSub, accessSub] = await Promise.all([
      redisClient(target, options),
      redisClient(target, { ...options, enableOfflineQueue: true }),
      redisClient(target, { ...options, enableOfflineQueue: true }),
    ]);
    return new RedisBus(pub, docSub, accessSub, log);
  }

  private constructor(
    private readonly pub: Redis | Cluster,
    /** The document channels (sharded). Its own connection: ioredis counts shard and classic subscriptions apart, and would think a connection holding both had left subscriber mode when its last shard channel went. */
    private readonly docSub: Redis | Cluster,
    /** The access channel (classic; a cluster carries it to every node). */
    private readonly accessSub: Redis | Cluster,
    private readonly log: Logger,
  ) {
    for (const client of [this.pub, this.docSub, this.accessSub]) client.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error'));
    for (const sub of [this.docSub, this.accessSub]) {
      let connectedOnce = false;
      sub.on('ready', () => {
        // ioredis re-subscribes by itself; what was published meanwhile is lost.
        if (connectedOnce) for (const handler of this.reconnectHandlers) handler();
        connectedOnce = true;
      });
    }
    void this.accessSub.subscribe(accessChannel).catch((err: unknown) => log.warn({ err }, 'could not subscribe to access changes'));
    this.accessSub.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      if (channel.toString() === accessChannel) this.receiveAccessChange(payload);
    });
    this.docSub.on('smessageBuffer', (channel: Buffer, payload: Buffer) => this.receiveDocMessage(channel, payload));
    this.pub.once('ready', () => void this.checkVersion());
  }

  /** Sharded pub/sub came with Redis 7: an older one refuses every document's subscription, so say why once, plainly. */
  private async checkVersion(): Promise<void> {
    const info = await this.pub.info('server').catch(() => '');
    const version = /^redis_version:(\d+)\./m.exec(info)?.[1];
    if (version && Number(version) < 7)
      this.log.error({ version }, 'REDIS_URL: Redis 7 or later is needed (sharded pub/sub, SSUBSCRIBE); documents cannot open across nodes');
  }

  private receiveDocMessage(channel: Buffer, payload: Buffer): void {
    for (const onTraffic of this.trafficHandlers) onTraffic('received');
    if (this.dropping > 0) {
      this.dropping--;
      return;
    }
    const handler = this.handlers.get(channel.toString().slice(channelPrefix.length));
    if (!handler) return;
    try {
      const message = decodeBusMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
      // `node` is "<nodeId>.<room epoch>": skip what this node itself published.
      if (message.node.startsWith(`${this.nodeId}.`)) return;
      if (message.sentAt !== null) {
        const lag = Math.max(0, Date.now() - message.sentAt);
        for (const onLag of this.lagHandlers) onLag(lag);
      }
      handler(message);
    } catch (err) {
      this.log.warn({ err }, 'undecodable bus message');
    }
  }

  /** Tests only: lose the next `n` incoming document messages, as a flaky network would. */
  dropIncoming(n: number): void {
    this.dropping += n;
  }

  get subscribedCount(): number {
    return this.handlers.size;
  }

  async subscribe(docName: string, handler: (message: BusMessage) => void): Promise<void> {
    this.handlers.set(docName, handler);
    try {
      await this.docSub.ssubscribe(channelPrefix + docName);
    } catch (err) {
      if (this.handlers.get(docName) === handler) this.handlers.delete(docName);
      throw err instanceof Error && /unknown command/i.test(err.message)
        ? new Error('REDIS_URL: Redis 7 or later is needed (sharded pub/sub, SSUBSCRIBE)', { cause: err })
        : err;
    }
  }

  async unsubscribe(docName: string, handler: (message: BusMessage) => void): Promise<void> {
    if (this.handlers.get(docName) !== handler) return;
    this.handlers.delete(docName);
    await this.docSub.sunsubscribe(channelPrefix + docName).catch(() => undefined);
  }

  async publish(docName: string, message: BusMessage): Promise<void> {
    for (const onTraffic of this.trafficHandlers) onTraffic('published');
    // A lost publish is repaired by the receivers' resync.
    await this.pub.spublish(channelPrefix + docName, Buffer.from(encodeBusMessage(message))).catch((err: unknown) => {
      this.log.debug({ err, doc: docName }, 'publish failed');
    });
  }

  onTraffic(handler: (direction: 'published' | 'received') => void): void {
    this.trafficHandlers.push(handler);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  onLag(handler: (ms: number) => void): void {
    this.lagHandlers.push(handler);
  }

  publishAccessChange(userIds: string[]): void {
    // A lost announcement is repaired only by the receivers' check of every socket when their Redis connection comes back.
    this.pub.publish(accessChannel, JSON.stringify({ node: this.nodeId, userIds })).catch((err: unknown) => {
      this.log.warn({ err }, 'could not announce an access change');
    });
  }

  onAccessChange(handler: (userIds: string[]) => void): void {
    this.accessHandlers.push(handler);
  }

  private receiveAccessChange(payload: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(payload.toString());
    } catch {
      return this.log.warn('undecodable access change');
    }
    const { node, userIds } = (message ?? {}) as { node?: unknown; userIds?: unknown };
    if (node === this.nodeId || !Array.isArray(userIds)) return;
    const ids = userIds.filter((id): id is string => typeof id === 'string');
    for (const handler of this.accessHandlers) handler(ids);
  }

  async close(): Promise<void> {
    this.docSub.disconnect();
    this.accessSub.disconnect();
    this.pub.disconnect();
  }
}
