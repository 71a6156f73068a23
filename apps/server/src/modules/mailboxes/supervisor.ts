import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import * as repo from './repo.js';
import { MailboxWorker, type SyncDeps } from './sync.js';

export type SupervisorOptions = {
  /** How long a node's hold on a mailbox lasts unless renewed: another node takes over within this when it dies. */
  leaseMs: number;
  /** How often free mailboxes are looked for (a new one is started at once on the node that created it). */
  scanMs: number;
  /** Mailboxes one node syncs at most. */
  maxPerNode: number;
};

export const defaultSupervisorOptions: SupervisorOptions = { leaseMs: 60_000, scanMs: 5_000, maxPerNode: 200 };

/** For a lease of `leaseMs` (MAILBOX_LEASE_SECONDS): renewed every 5 s, or thrice per lease when it is shorter. */
export const supervisorOptions = (leaseMs: number): SupervisorOptions => ({
  ...defaultSupervisorOptions,
  leaseMs,
  scanMs: Math.min(defaultSupervisorOptions.scanMs, Math.floor(leaseMs / 3)),
});

/**
 * Runs the sync of the mailboxes this node holds the lease of (DESIGN §10,
 * issue 13: each mailbox is synced by exactly one node at a time). Every
 * `scanMs` it renews its leases (a worker whose lease is gone, because the
 * mailbox was disconnected or another node took it over, stops) and claims
 * mailboxes nobody holds, or whose holder died and let its lease run out.
 */
export class MailboxSupervisor {
  readonly node = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly workers = new Map<string, MailboxWorker>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly deps: Omit<SyncDeps, 'node'> & { db: Db; log: Logger },
    private readonly opts: SupervisorOptions = defaultSupervisorOptions,
  ) {}

  start(): void {
    this.closed = false;
    this.schedule(0);
  }

  /** Looks for work now (a mailbox was just connected on this node). */
  poke(): void {
    if (!this.closed) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.scanning ??= this.scan()
        .catch((err: unknown) => this.deps.log.error({ err }, 'mailbox lease scan failed'))
        .finally(() => {
          this.scanning = undefined;
          if (!this.closed) this.schedule(this.opts.scanMs);
        });
    }, ms);
    this.timer.unref();
  }

  private async scan(): Promise<void> {
    const { db } = this.deps;
    for (const [id, worker] of this.workers) {
      if (!(await repo.renewLease(db, id, this.node, this.opts.leaseMs))) {
        this.workers.delete(id);
        await worker.stop();
      }
    }
    if (this.closed) return;
    const room = this.opts.maxPerNode - this.workers.size;
    if (room <= 0) return;
    for (const row of await repo.claimMailboxes(db, this.node, this.opts.leaseMs, room)) {
      if (this.closed) {
        await repo.releaseLease(db, row.id, this.node);
        continue;
      }
      const worker = new MailboxWorker({ ...this.deps, node: this.node }, row);
      this.workers.set(row.id, worker);
      worker.start();
    }
  }

  /** A mailbox disconnected here: its worker stops now (elsewhere, at that node's next renewal). */
  async forget(id: string): Promise<void> {
    const worker = this.workers.get(id);
    this.workers.delete(id);
    await worker?.stop();
  }

  /** Stops every worker and lets their leases go, so another node takes over at once. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
    const held = [...this.workers.entries()];
    this.workers.clear();
    await Promise.all(held.map(([, w]) => w.stop()));
    for (const [id] of held) await repo.releaseLease(this.deps.db, id, this.node).catch(() => undefined);
  }
}
