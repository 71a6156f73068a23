import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ChildPool } from '../../lib/child-pool.js';
import type { ExtractResult, ExtractTask } from './extract-worker.js';

export type ExtractOutcome = ExtractResult | { status: 'timeout' | 'too-large' | 'failed'; pages: null; reason: string };

export type ExtractLimits = {
  /** Wall-clock time for one PDF, from the moment it is handed to the pool. */
  timeoutMs: number;
  /** Heap of one extraction process; a PDF that needs more fails alone. */
  maxHeapMb: number;
  /** PDFs larger than this are not opened at all. */
  maxBytes: number;
  maxPages: number;
  maxTextChars: number;
  /** Extraction processes at most. */
  threads: number;
  /** An idle extraction process exits after this long, and its memory with it. */
  idleMs: number;
};

export const defaultExtractLimits: ExtractLimits = {
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxBytes: 256 * 1024 * 1024,
  maxPages: 500,
  maxTextChars: 2_000_000,
  threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
  idleMs: 30_000,
};

const childEntry = fileURLToPath(new URL('./extract-child.mjs', import.meta.url));

const isExtractResult = (v: unknown): v is ExtractResult => typeof v === 'object' && v !== null && 'status' in v;

/**
 * PDF text extraction in a pool of child processes with a capped heap
 * (lib/child-pool.ts). A task past its deadline kills the process running it
 * (pdf.js has no way to interrupt a parse); a process that runs out of heap or
 * crashes fails that PDF alone. Processes rather than worker threads: when
 * one exits (after a bomb, or idle), the memory it grew to leaves the server
 * with it, where a thread's would stay in the server's resident size.
 */
export class PdfExtractor {
  private readonly pool: ChildPool<ExtractTask, ExtractResult>;
  private readonly limits: ExtractLimits;

  constructor(limits: Partial<ExtractLimits> = {}) {
    this.limits = { ...defaultExtractLimits, ...limits };
    this.pool = new ChildPool(
      childEntry,
      // Processes exit when idle, so an idle server holds no pdf.js heap.
      { timeoutMs: this.limits.timeoutMs, maxHeapMb: this.limits.maxHeapMb, maxProcesses: this.limits.threads, idleMs: this.limits.idleMs },
      isExtractResult,
    );
  }

  /** Live extraction processes (none once idle). */
  get processes(): number {
    return this.pool.size;
  }

  /** `override` changes the per-task limits for this one call. */
  async extract(bytes: Uint8Array, override: Partial<Pick<ExtractLimits, 'timeoutMs' | 'maxPages' | 'maxTextChars'>> = {}): Promise<ExtractOutcome> {
    const { maxBytes, timeoutMs, maxPages, maxTextChars, maxHeapMb } = { ...this.limits, ...override };
    if (bytes.byteLength > maxBytes) {
      return { status: 'too-large', pages: null, reason: `larger than ${Math.round(maxBytes / 1048576)} MB: text not extracted` };
    }
    const outcome = await this.pool.run({ bytes, maxPages, maxTextChars }, timeoutMs);
    if (outcome.ok) return outcome.value;
    switch (outcome.failure) {
      case 'timeout':
        return { status: 'timeout', pages: null, reason: `gave up after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` };
      case 'out-of-memory':
        return { status: 'too-large', pages: null, reason: `needs more than ${maxHeapMb} MB of memory to read` };
      case 'closed':
        return { status: 'failed', pages: null, reason: 'the server is shutting down' };
      case 'error':
      case 'crashed':
        return { status: 'failed', pages: null, reason: `the text extractor crashed: ${outcome.message}`.slice(0, 300) };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
