import { fileURLToPath } from 'node:url';
import { ChildPool } from '../../lib/child-pool.js';
import type { ParsedEmail } from './parse-worker.js';

export type { ParsedAddress, ParsedAttachment, ParsedEmail } from './parse-worker.js';

export type ParseOutcome = { ok: true; email: ParsedEmail } | { ok: false; reason: string };

export type ParserOptions = {
  /** A message taking longer is abandoned and its process killed. */
  timeoutMs: number;
  /** Heap of one parser process; a message needing more kills only that process. */
  maxHeapMb: number;
  /** Parser processes at most; more messages wait their turn. */
  maxProcesses: number;
  /** An idle process exits after this long, so a quiet server holds none. */
  idleMs: number;
};

export const defaultParserOptions: ParserOptions = { timeoutMs: 10_000, maxHeapMb: 512, maxProcesses: 2, idleMs: 30_000 };

/**
 * An mbox `From ` separator left at the top of a single message (Thunderbird
 * and some exports keep it) is not a header; parsers would read it as the
 * start of the body and lose every real header after it.
 */
export function stripFromLine(raw: Uint8Array): Uint8Array {
  if (raw.byteLength < 5 || Buffer.from(raw.subarray(0, 5)).toString('latin1') !== 'From ') return raw;
  const end = raw.indexOf(10);
  return end < 0 ? raw : raw.subarray(end + 1);
}

const childEntry = fileURLToPath(new URL('./parse-child.mjs', import.meta.url));

// The email itself is our own worker's output (parse-worker.ts), checked for shape only at the top.
const isParsedEmail = (v: unknown): v is ParsedEmail => typeof v === 'object' && v !== null && 'subject' in v;

const shuttingDown: ParseOutcome = { ok: false, reason: 'The server is shutting down; the message was not parsed' };

/** Parses raw RFC 5322 messages in separate processes (lib/child-pool.ts), bounded in time and memory. */
export class EmailParser {
  private readonly pool: ChildPool<Uint8Array, ParsedEmail>;
  private closed = false;

  constructor(private readonly opts: ParserOptions = defaultParserOptions) {
    this.pool = new ChildPool(
      childEntry,
      { timeoutMs: opts.timeoutMs, maxHeapMb: opts.maxHeapMb, maxProcesses: opts.maxProcesses, idleMs: opts.idleMs },
      isParsedEmail,
    );
  }

  /** Never throws for a bad message: the reason comes back, and the caller keeps the raw source. */
  async parse(raw: Uint8Array): Promise<ParseOutcome> {
    const body = stripFromLine(raw);
    if (body.byteLength === 0) return { ok: false, reason: 'The message is empty' };
    if (this.closed) return shuttingDown;
    const outcome = await this.pool.run(body);
    if (outcome.ok) {
      if (outcome.value.knownHeaderCount === 0) return { ok: false, reason: 'No email headers found: this does not look like an RFC 5322 message' };
      return { ok: true, email: outcome.value };
    }
    switch (outcome.failure) {
      case 'error':
        return {
          ok: false,
          reason:
            outcome.code === 'EMAXLEN'
              ? `The message exceeds a parser limit: ${outcome.message}`
              : `The message could not be parsed: ${outcome.message.slice(0, 300)}`,
        };
      case 'timeout':
        return { ok: false, reason: `Parsing took longer than ${this.opts.timeoutMs / 1000} s and was stopped` };
      case 'out-of-memory':
        return { ok: false, reason: `Parsing needed more than ${this.opts.maxHeapMb} MB of memory and was stopped` };
      case 'closed':
        return shuttingDown;
      case 'crashed':
        return { ok: false, reason: `The parser stopped unexpectedly (${outcome.message})` };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }
}
