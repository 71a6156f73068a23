import { Worker } from 'node:worker_threads';
import { mergeParts } from './merge-parts.mjs';

/**
 * A merge this small runs on the server's own thread: folding 200 entries of
 * a few bytes each (5.5 KB) took about 2 ms here, 500 (14.5 KB) about 8 ms;
 * the worker thread costs 21–25 MiB of resident memory while it exists,
 * which most documents never need (a document's log is compacted once it
 * holds COMPACT_AFTER_UPDATES entries, 500 by default, so an ordinary
 * session's log fits). In issue 18's step w the worker made a server's peak
 * resident size 30 MiB higher from the second round on.
 */
const inline = { maxParts: 500, maxBytes: 64 * 1024 };

type Job = { resolve: (merged: Uint8Array) => void; reject: (err: unknown) => void };

/**
 * [S4] Folds a document's snapshot and log entries into one update, in a
 * worker thread unless the merge is small (`inline`). Merging applies every
 * entry to a fresh Y.Doc, during which no edit of any document is broadcast:
 * a large log or a large snapshot would hold the event loop for tens of
 * milliseconds; a small merge holds it for a few, one per turn. The worker
 * starts on the first large merge and stops after `opts.idleMs` without one;
 * if it dies, the jobs it held fail (the compaction is retried later) and the
 * next merge starts a new one.
 */
export class SnapshotMerger {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  private idleTimer: NodeJS.Timeout | undefined;
  /** The last merge on this thread: the next one waits for it. */
  private inlineTail: Promise<unknown> = Promise.resolve();

  /** `idleMs`: how long a worker with nothing to merge is kept for the next merge. */
  constructor(private readonly opts: { idleMs: number } = { idleMs: 30_000 }) {}

  /** Merges run so far, by where (tests). */
  readonly stats = { inline: 0, worker: 0 };

  merge(parts: Uint8Array[]): Promise<Uint8Array> {
    if (parts.length <= inline.maxParts && parts.reduce((n, p) => n + p.byteLength, 0) <= inline.maxBytes) {
      this.stats.inline++;
      // One at a time, each in a turn of the event loop of its own: a hundred documents unloading together
      // would otherwise fold back to back as their reads come in, and hold every edit behind them.
      const merged = this.inlineTail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => mergeParts(parts).merged);
      this.inlineTail = merged.then(
        () => undefined,
        () => undefined,
      );
      return merged;
    }
    this.stats.worker++;
    clearTimeout(this.idleTimer);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      // Only an idle worker may let the process exit; one with work holds it.
      worker.ref();
      // One buffer for all parts, moved to the worker without a copy. (Posting
      // the parts as they are would copy the whole pooled buffer each views.)
      const packed = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      const lengths: number[] = [];
      let at = 0;
      for (const part of parts) {
        packed.set(part, at);
        at += part.byteLength;
        lengths.push(part.byteLength);
      }
      worker.postMessage({ id, packed, lengths }, [packed.buffer]);
    });
  }

  /** A worker left without work for `opts.idleMs` stops: its heap, grown by the largest document it merged, goes with it. */
  private retireWhenIdle(worker: Worker): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.jobs.size > 0) return;
      this.worker = undefined;
      void worker.terminate();
    }, this.opts.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./merge-worker.mjs', import.meta.url));
    worker.on('message', ({ id, merged }: { id: number; merged: Uint8Array }) => {
      const job = this.jobs.get(id);
      this.jobs.delete(id);
      if (this.jobs.size === 0) {
        worker.unref();
        this.retireWhenIdle(worker);
      }
      job?.resolve(merged);
    });
    const fail = (err: unknown): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`snapshot merge worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
