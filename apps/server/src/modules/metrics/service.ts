import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import type { DocBus } from '../../sync/bus.js';
import type { RoomManager } from '../../sync/rooms.js';
import { countDeliveriesByStatus } from '../webhooks/repo.js';
import { countMailboxesByStatus, countOpenJobs } from './repo.js';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * [issue 16.4] What /metrics reports, in a registry of this server's own
 * (several servers share one process in tests). Counters are fed as things
 * happen; gauges that live in the database (job backlog, webhook deliveries)
 * are read at scrape time.
 */
export function createMetrics({ db, rooms, bus, log }: { db: Db; rooms: RoomManager; bus: DocBus; log: Logger }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casehub_' });

  const httpRequests = new Counter({
    name: 'casehub_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'casehub_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'casehub_sync_sockets',
    help: 'Open /sync sockets on this node',
    registers: [registry],
    collect() {
      let n = 0;
      for (const _ of rooms.connections()) n++;
      this.set(n);
    },
  });
  new Gauge({
    name: 'casehub_documents_loaded',
    help: 'Documents loaded in memory on this node',
    registers: [registry],
    collect() {
      this.set(rooms.loadedCount);
    },
  });
  const busLag = new Histogram({
    name: 'casehub_bus_lag_seconds',
    help: 'From another node publishing a document message on Redis to this node receiving it (by the two clocks; only with REDIS_URL)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  bus.onLag((ms) => busLag.observe(ms / 1000));
  const busMessages = new Counter({
    name: 'casehub_bus_messages_total',
    help: 'Document messages (updates, awareness, heartbeats) this node published on Redis, and received from it: only the documents it has loaded, its own echoes included (only with REDIS_URL)',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  for (const direction of ['published', 'received'] as const) busMessages.inc({ direction }, 0);
  bus.onTraffic((direction) => busMessages.inc({ direction }));
  new Gauge({
    name: 'casehub_bus_documents_subscribed',
    help: 'Documents whose Redis shard channel this node listens to: those it has loaded (only with REDIS_URL)',
    registers: [registry],
    collect() {
      this.set(bus.subscribedCount);
    },
  });
  const commitSeconds = new Histogram({
    name: 'casehub_sync_commit_duration_seconds',
    help: 'Time to commit a group of document updates to the log (sync/persistence LogWriter)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const updates = new Counter({
    name: 'casehub_sync_updates_total',
    help: 'Document updates committed (rate() gives updates per second)',
    registers: [registry],
  });
  const updateBytes = new Counter({ name: 'casehub_sync_update_bytes_total', help: 'Bytes of document updates committed', registers: [registry] });
  rooms.writer.onCommitted = (rows, bytes, seconds) => {
    commitSeconds.observe(seconds);
    updates.inc(rows);
    updateBytes.inc(bytes);
  };

  const jobsDue = new Gauge({
    name: 'casehub_jobs_backlog',
    help: 'Jobs due now and not yet run, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const jobsWaiting = new Gauge({
    name: 'casehub_jobs_pending',
    help: 'Jobs not finished (due now or later), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const deliveries = new Gauge({
    name: 'casehub_webhook_deliveries',
    help: 'Webhook deliveries in the log, by state (pending, delivered, failed)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const mailboxStates = new Gauge({
    name: 'casehub_mailboxes',
    help: 'Connected mailboxes, by state (connecting, syncing, idle, error)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'casehub_webhook_attempts_total',
    help: 'Webhook delivery tries from this node, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  /** The database gauges, read once per scrape (a failed read leaves them as they were, and is logged). */
  async function readDatabase(): Promise<void> {
    try {
      const [open, byStatus, boxes] = await Promise.all([countOpenJobs(db), countDeliveriesByStatus(db), countMailboxesByStatus(db)]);
      jobsDue.reset();
      jobsWaiting.reset();
      for (const row of open) {
        jobsDue.set({ kind: row.kind }, row.due);
        jobsWaiting.set({ kind: row.kind }, row.waiting);
      }
      deliveries.reset();
      for (const status of ['pending', 'delivered', 'failed']) deliveries.set({ status }, byStatus.find((r) => r.status === status)?.n ?? 0);
      for (const status of ['connecting', 'syncing', 'idle', 'error']) mailboxStates.set({ status }, boxes.find((r) => r.status === status)?.n ?? 0);
    } catch (err) {
      log.warn({ err }, 'metrics: could not read the job, delivery and mailbox counts');
    }
  }

  return {
    contentType: registry.contentType,
    observeRequest(method: string, route: string, status: number, seconds: number): void {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    webhookAttempt(ok: boolean): void {
      attempts.inc({ outcome: ok ? 'success' : 'failure' });
    },
    async render(): Promise<string> {
      await readDatabase();
      return registry.metrics();
    },
  };
}
