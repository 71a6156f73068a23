import type * as Y from 'yjs';

/**
 * [S16] What runs beside sync: projections, the shared-fields mirror,
 * version capture, notifications. The room manager calls each extension's
 * hooks in the order they were added (`RoomManager.use`), and a clean
 * shutdown flushes every one of them, twice: once while documents can still
 * take changes (the mirror writes the shared document), and once after the
 * last changes and unload hooks (so the projections hold them). No hook may
 * throw into sync: a throw is logged and the next extension runs.
 */
export type SyncExtension = {
  /** For logs. */
  name: string;
  /** A document was loaded (before any socket is attached): observe it here. */
  onLoaded?(docName: string, doc: Y.Doc): void;
  /** A batch of changes was committed and applied. */
  afterCommit?(docName: string, doc: Y.Doc): void;
  /** The document is about to be unloaded (its last socket left, or shutdown). */
  onUnloading?(docName: string, doc: Y.Doc): Promise<void>;
  /** Finish everything pending now (shutdown, tests). */
  flush?(): Promise<void>;
};

/**
 * Work per key (a case, a document) run once per burst: the first
 * `schedule` starts the delay, later ones within it only replace the work
 * to run. What runs is tracked, so `flush` runs everything pending now and
 * waits for it, including work that scheduled more while it ran.
 *
 * Work for one key runs one at a time, in the order it was started: each
 * reads the document when it starts and writes what it read, so a write
 * started later (newer state) must never commit before one started earlier
 * (under load the earlier one's commit came last and left the promise index
 * at a promise's previous status until its next change).
 */
export class Debouncer {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; run: () => Promise<void> }>();
  private readonly running = new Set<Promise<void>>();
  /** The last work started per key: the next waits for it. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly delayMs: number,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  schedule(key: string, run: () => Promise<void>): void {
    const existing = this.pending.get(key);
    if (existing) {
      existing.run = run;
      return;
    }
    const timer = setTimeout(() => void this.runNow(key), this.delayMs);
    // Never what keeps a process alive: shutdown flushes what is pending.
    timer.unref();
    this.pending.set(key, { timer, run });
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** Drops what is pending for a key (the caller does it now itself). */
  cancel(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(key);
  }

  /** Runs what is pending for a key now (after the key's work already running), and waits for it. */
  async runNow(key: string): Promise<void> {
    const p = this.pending.get(key);
    if (!p) return;
    this.cancel(key);
    await this.run(key, p.run);
  }

  /** Runs work outside the schedule, after the key's work already running; `flush` waits for it too. */
  run(key: string, work: () => Promise<void>): Promise<void> {
    const job = (this.tails.get(key) ?? Promise.resolve()).then(work).catch((err: unknown) => this.onError(err, key));
    this.tails.set(key, job);
    this.running.add(job);
    void job.finally(() => {
      this.running.delete(job);
      if (this.tails.get(key) === job) this.tails.delete(key);
    });
    return job;
  }

  async flush(): Promise<void> {
    for (let round = 0; round < 10 && (this.pending.size > 0 || this.running.size > 0); round++) {
      for (const key of [...this.pending.keys()]) void this.runNow(key);
      await Promise.allSettled([...this.running]);
    }
  }
}
