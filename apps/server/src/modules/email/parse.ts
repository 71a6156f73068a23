import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
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

// What a parser process sends back. The email itself is our own worker's
// output (parse-worker.ts), checked for shape only at the top.
const reply = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), ok: z.literal(true), email: z.custom<ParsedEmail>((v) => typeof v === 'object' && v !== null && 'subject' in v) }),
  z.object({ id: z.number(), ok: z.literal(false), code: z.string(), message: z.string() }),
]);

type Task = { id: number; raw: Uint8Array; settle: (outcome: ParseOutcome) => void };
type Worker = { child: ChildProcess; ready: boolean; task: Task | null; timer: NodeJS.Timeout | undefined; idle: NodeJS.Timeout | undefined; timedOut: boolean };

/**
 * Parses raw RFC 5322 messages in separate processes, bounded in time and
 * memory. Processes, not worker threads: a thread that runs out of heap inside
 * one large allocation (a regex over a 40 MB body) aborts the whole Node
 * process on Node 20, where a child process dies alone.
 */
export class EmailParser {
  private readonly workers = new Set<Worker>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: ParserOptions = defaultParserOptions) {}

  /** Never throws for a bad message: the reason comes back, and the caller keeps the raw source. */
  parse(raw: Uint8Array): Promise<ParseOutcome> {
    const body = stripFromLine(raw);
    if (body.byteLength === 0) return Promise.resolve({ ok: false, reason: 'The message is empty' });
    if (this.closed) return Promise.resolve({ ok: false, reason: 'The server is shutting down; the message was not parsed' });
    return new Promise<ParseOutcome>((resolve) => {
      this.queue.push({ id: this.nextId++, raw: body, settle: resolve });
      this.dispatch();
    }).then((outcome) => {
      if (outcome.ok && outcome.email.knownHeaderCount === 0) {
        return { ok: false, reason: 'No email headers found: this does not look like an RFC 5322 message' };
      }
      return outcome;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.settle({ ok: false, reason: 'The server is shutting down; the message was not parsed' });
    await Promise.all([...this.workers].map((w) => this.kill(w)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = [...this.workers].find((w) => w.task === null);
      if (!worker && this.workers.size < this.opts.maxProcesses) worker = this.spawn();
      if (!worker) return;
      const task = this.queue.shift();
      if (task) this.start(worker, task);
    }
  }

  private spawn(): Worker {
    const child = fork(childEntry, [], {
      execArgv: [`--max-old-space-size=${this.opts.maxHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const worker: Worker = { child, ready: false, task: null, timer: undefined, idle: undefined, timedOut: false };
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('message', (message: unknown) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal, stderr));
    child.on('error', () => undefined);
    this.workers.add(worker);
    return worker;
  }

  private start(worker: Worker, task: Task): void {
    if (worker.idle) clearTimeout(worker.idle);
    worker.task = task;
    worker.timedOut = false;
    worker.child.ref();
    worker.timer = setTimeout(() => {
      worker.timedOut = true;
      worker.child.kill('SIGKILL');
    }, this.opts.timeoutMs);
    // A message sent before the process listens would be lost; `ready` says it listens.
    if (worker.ready) worker.child.send({ id: task.id, raw: task.raw });
  }

  private finish(worker: Worker, outcome: ParseOutcome): void {
    const task = worker.task;
    if (worker.timer) clearTimeout(worker.timer);
    worker.task = null;
    task?.settle(outcome);
    if (this.workers.has(worker)) {
      // An idle process does not keep the server (or a finished test) alive.
      worker.child.unref();
      worker.idle = setTimeout(() => void this.kill(worker), this.opts.idleMs);
      worker.idle.unref();
    }
    this.dispatch();
  }

  private onMessage(worker: Worker, message: unknown): void {
    const parsed = reply.safeParse(message);
    if (!parsed.success) return;
    if ('ready' in parsed.data) {
      worker.ready = true;
      if (worker.task) worker.child.send({ id: worker.task.id, raw: worker.task.raw });
      return;
    }
    if (!worker.task || parsed.data.id !== worker.task.id) return;
    const data = parsed.data;
    if (data.ok) return this.finish(worker, { ok: true, email: data.email });
    const reason = data.code === 'EMAXLEN' ? `The message exceeds a parser limit: ${data.message}` : `The message could not be parsed: ${data.message.slice(0, 300)}`;
    this.finish(worker, { ok: false, reason });
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null, stderr: string): void {
    this.workers.delete(worker);
    if (worker.idle) clearTimeout(worker.idle);
    if (!worker.task) return this.dispatch();
    const reason = worker.timedOut
      ? `Parsing took longer than ${this.opts.timeoutMs / 1000} s and was stopped`
      : /heap out of memory|Reached heap limit/i.test(stderr)
        ? `Parsing needed more than ${this.opts.maxHeapMb} MB of memory and was stopped`
        : `The parser stopped unexpectedly (${signal ?? `exit code ${code}`})`;
    this.finish(worker, { ok: false, reason });
  }

  private kill(worker: Worker): Promise<void> {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      worker.child.once('exit', () => resolve());
      worker.child.kill('SIGKILL');
    });
  }
}
