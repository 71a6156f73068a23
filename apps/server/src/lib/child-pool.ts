import { fork, type ChildProcess } from 'node:child_process';
import { z } from 'zod';

/**
 * A pool of forked Node processes that run one untrusted task each at a time,
 * bounded in time and memory. Processes, not worker threads: a thread that
 * runs out of heap inside one large allocation aborts the whole process on
 * Node 20, where a child dies alone; and when a child exits, the memory it
 * grew to goes back to the system (a thread's stays in the server's resident
 * size, since the allocator rarely returns it).
 *
 * The child entry answers `{ ready: true }` once it listens, then for each
 * `{ id, input }` it is sent, `{ id, ok: true, value }` or
 * `{ id, ok: false, code, message }`.
 */
export type ChildPoolOptions = {
  /** A task taking longer is abandoned and its process killed. */
  timeoutMs: number;
  /** Heap of one process; a task needing more kills only that process. */
  maxHeapMb: number;
  /** Processes at most; more tasks wait their turn. */
  maxProcesses: number;
  /** An idle process exits after this long, so a quiet server holds none. */
  idleMs: number;
};

export type ChildOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; failure: 'timeout' | 'out-of-memory' | 'crashed' | 'closed'; message: string }
  | { ok: false; failure: 'error'; code: string; message: string };

const reply = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), code: z.string(), message: z.string() }),
]);

type Task<I, T> = { id: number; input: I; timeoutMs: number; settle: (outcome: ChildOutcome<T>) => void };
type Child<I, T> = {
  process: ChildProcess;
  ready: boolean;
  task: Task<I, T> | null;
  timer: NodeJS.Timeout | undefined;
  idle: NodeJS.Timeout | undefined;
  /** Why the pool killed it, if it did: a task past its time, or a process that never said it was ready. */
  killedFor: 'timeout' | 'no-start' | null;
};

/**
 * How long a new process may take to say it is ready. Its start (loading the
 * parser and its libraries) is not the task's time: on a loaded machine it
 * took longer than the 10 s a parse may, and good mail was refused.
 */
const startMs = 60_000;

/** What V8 writes to stderr when a process runs out of heap (`FATAL ERROR: … JavaScript heap out of memory`, `Fatal process out of memory`). */
const outOfMemoryWords = /out of memory|Reached heap limit/i;

export class ChildPool<I, T> {
  private readonly children = new Set<Child<I, T>>();
  private readonly queue: Array<Task<I, T>> = [];
  private nextId = 1;
  private closed = false;

  /** `accept` checks the shape of what a child answers: its code is ours, its input is not. */
  constructor(
    private readonly entry: string,
    private readonly opts: ChildPoolOptions,
    private readonly accept: (value: unknown) => value is T,
  ) {}

  /** Never throws: a task's failure comes back as its outcome. */
  run(input: I, timeoutMs = this.opts.timeoutMs): Promise<ChildOutcome<T>> {
    if (this.closed) return Promise.resolve({ ok: false, failure: 'closed', message: 'shutting down' });
    return new Promise((settle) => {
      this.queue.push({ id: this.nextId++, input, timeoutMs, settle });
      this.dispatch();
    });
  }

  /** Live processes, busy or idle. */
  get size(): number {
    return this.children.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.settle({ ok: false, failure: 'closed', message: 'shutting down' });
    await Promise.all([...this.children].map((c) => this.kill(c)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let child = [...this.children].find((c) => c.task === null);
      if (!child && this.children.size < this.opts.maxProcesses) child = this.spawn();
      if (!child) return;
      const task = this.queue.shift();
      if (task) this.start(child, task);
    }
  }

  private spawn(): Child<I, T> {
    const process = fork(this.entry, [], {
      execArgv: [`--max-old-space-size=${this.opts.maxHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const child: Child<I, T> = { process, ready: false, task: null, timer: undefined, idle: undefined, killedFor: null };
    let tail = '';
    let outOfMemory = false;
    process.stderr?.on('data', (d: Buffer) => {
      // V8 says so first, then prints stack traces that can run to kilobytes (a kept tail of stderr lost the words
      // under load): each piece is read as it comes, with the end of the one before, should the words be split.
      const seen = tail + d.toString();
      outOfMemory ||= outOfMemoryWords.test(seen);
      tail = seen.slice(-200);
    });
    process.on('message', (message: unknown) => this.onMessage(child, message));
    // 'close', not 'exit': 'exit' may come before the last of stderr, and under load the out-of-memory message was
    // still unread when it did (the task was called a crash, not too large).
    process.on('close', (code, signal) => this.onExit(child, code, signal, outOfMemory));
    process.on('error', () => undefined);
    this.children.add(child);
    return child;
  }

  private start(child: Child<I, T>, task: Task<I, T>): void {
    if (child.idle) clearTimeout(child.idle);
    child.task = task;
    child.killedFor = null;
    child.process.ref();
    // A message sent before the process listens would be lost; `ready` says it listens (onMessage sends it then).
    if (child.ready) this.send(child, task);
    else child.timer = this.killAfter(child, startMs, 'no-start');
  }

  /** Hands the task over; its time starts now. */
  private send(child: Child<I, T>, task: Task<I, T>): void {
    if (child.timer) clearTimeout(child.timer);
    child.timer = this.killAfter(child, task.timeoutMs, 'timeout');
    child.process.send({ id: task.id, input: task.input });
  }

  private killAfter(child: Child<I, T>, ms: number, reason: 'timeout' | 'no-start'): NodeJS.Timeout {
    return setTimeout(() => {
      child.killedFor = reason;
      child.process.kill('SIGKILL');
    }, ms);
  }

  private finish(child: Child<I, T>, outcome: ChildOutcome<T>): void {
    const task = child.task;
    if (child.timer) clearTimeout(child.timer);
    child.task = null;
    task?.settle(outcome);
    if (this.children.has(child)) {
      // An idle process does not keep the server (or a finished test) alive.
      child.process.unref();
      child.idle = setTimeout(() => void this.kill(child), this.opts.idleMs);
      child.idle.unref();
    }
    this.dispatch();
  }

  private onMessage(child: Child<I, T>, message: unknown): void {
    const parsed = reply.safeParse(message);
    if (!parsed.success) return;
    const data = parsed.data;
    if ('ready' in data) {
      child.ready = true;
      if (child.task) this.send(child, child.task);
      return;
    }
    if (!child.task || data.id !== child.task.id) return;
    if (!data.ok) return this.finish(child, { ok: false, failure: 'error', code: data.code, message: data.message });
    if (!this.accept(data.value)) return this.finish(child, { ok: false, failure: 'crashed', message: 'answered something of the wrong shape' });
    this.finish(child, { ok: true, value: data.value });
  }

  private onExit(child: Child<I, T>, code: number | null, signal: NodeJS.Signals | null, outOfMemory: boolean): void {
    this.children.delete(child);
    if (child.idle) clearTimeout(child.idle);
    if (!child.task) return this.dispatch();
    if (child.killedFor === 'timeout') return this.finish(child, { ok: false, failure: 'timeout', message: `took longer than ${child.task.timeoutMs} ms` });
    if (child.killedFor === 'no-start')
      return this.finish(child, { ok: false, failure: 'crashed', message: `the process did not start within ${startMs / 1000} s` });
    if (outOfMemory) return this.finish(child, { ok: false, failure: 'out-of-memory', message: `needed more than ${this.opts.maxHeapMb} MB` });
    this.finish(child, { ok: false, failure: 'crashed', message: signal ?? `exit code ${code}` });
  }

  private kill(child: Child<I, T>): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.process.once('exit', () => resolve());
      child.process.kill('SIGKILL');
    });
  }
}
