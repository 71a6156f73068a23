import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import type { ExtractResult, ExtractTask } from './extract-worker.js';

export type ExtractOutcome = ExtractResult | { status: 'timeout' | 'too-large' | 'failed'; pages: null; reason: string };

export type ExtractLimits = {
  /** Wall-clock time for one PDF, from the moment it is handed to the pool. */
  timeoutMs: number;
  /** Heap of one worker thread; a PDF that needs more fails alone. */
  maxHeapMb: number;
  /** PDFs larger than this are not opened at all. */
  maxBytes: number;
  maxPages: number;
  maxTextChars: number;
  threads: number;
};

export const defaultExtractLimits: ExtractLimits = {
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxBytes: 256 * 1024 * 1024,
  maxPages: 500,
  maxTextChars: 2_000_000,
  threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
};

const workerFile = new URL('./extract-worker.mjs', import.meta.url).href;

/**
 * PDF text extraction in a pool of worker threads with a capped heap. A task
 * past its deadline is aborted, which makes piscina terminate the thread
 * running it (pdf.js has no way to interrupt a parse), and a thread that runs
 * out of heap or crashes is replaced: either way only that PDF fails.
 */
export class PdfExtractor {
  private readonly pool: Piscina<ExtractTask, ExtractResult>;
  private readonly limits: ExtractLimits;

  constructor(limits: Partial<ExtractLimits> = {}, log?: Pick<Logger, 'error'>) {
    this.limits = { ...defaultExtractLimits, ...limits };
    this.pool = new Piscina<ExtractTask, ExtractResult>({
      filename: workerFile,
      minThreads: 0,
      maxThreads: this.limits.threads,
      // Threads exit when idle, so an idle server holds no pdf.js heap.
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    // A thread that dies outside a task (while starting) is reported here;
    // unheard, the 'error' event would take the whole server down.
    this.pool.on('error', (err: unknown) => log?.error({ err }, 'pdf extraction worker failed'));
  }

  /** `override` changes the per-task limits for this one call. */
  async extract(bytes: Uint8Array, override: Partial<Pick<ExtractLimits, 'timeoutMs' | 'maxPages' | 'maxTextChars'>> = {}): Promise<ExtractOutcome> {
    const { maxBytes, timeoutMs, maxPages, maxTextChars, maxHeapMb } = { ...this.limits, ...override };
    if (bytes.byteLength > maxBytes) {
      return { status: 'too-large', pages: null, reason: `larger than ${Math.round(maxBytes / 1048576)} MB: text not extracted` };
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      // The copy is moved, not cloned, into the worker.
      const copy = bytes.slice();
      const task = { bytes: copy, maxPages, maxTextChars };
      return await this.pool.run(task, { signal: abort.signal, transferList: [copy.buffer] });
    } catch (err) {
      if (abort.signal.aborted) return { status: 'timeout', pages: null, reason: `gave up after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` };
      const code = err instanceof Error && 'code' in err ? String(err.code) : '';
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { status: 'too-large', pages: null, reason: `needs more than ${maxHeapMb} MB of memory to read` };
      }
      return { status: 'failed', pages: null, reason: `the text extractor crashed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
