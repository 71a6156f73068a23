/**
 * Splits mbox files (mboxo and mboxrd) into messages, incrementally: feed it
 * chunks as they arrive and it hands back each message as soon as the next
 * separator shows it is complete.
 *
 * A separator is a `From ` line that follows a blank line (or opens the file)
 * and has the From_ shape: `From <sender> <asctime date>`, or a bare
 * `From <id@host>` as Gmail Takeout writes. Checking the shape is what keeps a
 * body line such as "From time to time" inside its message (Python's
 * mailbox.mbox splits there). Body lines escaped as `>From `, `>>From `... lose
 * one `>` (mboxrd; for mboxo this is the usual reading).
 */

const asctime = /^[A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Za-z+-][\w+-]*)?\s+\d{4}(?:\s.*)?$/;

export function isFromLine(line: string): boolean {
  const match = /^From (\S+)(?:\s+(.*?))?\s*$/.exec(line);
  if (!match) return false;
  const sender = match[1] ?? '';
  const rest = match[2] ?? '';
  if (rest === '') return sender.includes('@');
  return asctime.test(rest);
}

const newline = 10;
const isBlank = (line: Uint8Array) => line.byteLength === 1 || (line.byteLength === 2 && line[0] === 13);
const escapedFrom = /^>+From /;

/** A message and where the input goes on after it (the next separator, or the end). */
export type MboxMessage = { bytes: Uint8Array; next: number };

export class MboxSplitter {
  private pending: Uint8Array[] = [];
  private current: Uint8Array[] | null = null;
  private previousBlank = true;
  /** Bytes taken in before the line now pending (offsets count from the first byte pushed). */
  private consumed = 0;

  /** Adds bytes; returns the messages completed by them. */
  push(chunk: Uint8Array): Uint8Array[] {
    return this.pushMessages(chunk).map((m) => m.bytes);
  }

  /** The last message, once the input has ended. */
  end(): Uint8Array[] {
    return this.endMessages().map((m) => m.bytes);
  }

  /**
   * As `push`, with each message's `next`: the offset of the separator that
   * ended it. An import records it to go on from there after a restart (a
   * new splitter fed from that offset starts at that separator).
   */
  pushMessages(chunk: Uint8Array): MboxMessage[] {
    const done: MboxMessage[] = [];
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(newline, start);
      if (end < 0) break;
      this.pending.push(chunk.subarray(start, end + 1));
      const line = Buffer.concat(this.pending);
      this.pending = [];
      this.line(line, done);
      this.consumed += line.byteLength;
      start = end + 1;
    }
    if (start < chunk.byteLength) this.pending.push(chunk.slice(start));
    return done;
  }

  endMessages(): MboxMessage[] {
    const done: MboxMessage[] = [];
    if (this.pending.length > 0) {
      const line = Buffer.concat(this.pending);
      this.line(line, done);
      this.consumed += line.byteLength;
    }
    this.pending = [];
    this.finish(done);
    return done;
  }

  private line(line: Uint8Array, done: MboxMessage[]): void {
    const head = Buffer.from(line.subarray(0, Math.min(line.byteLength, 200))).toString('latin1');
    if (this.previousBlank && head.startsWith('From ') && isFromLine(head.replace(/\r?\n$/, ''))) {
      this.finish(done);
      this.current = [];
      this.previousBlank = false;
      return;
    }
    this.previousBlank = isBlank(line);
    // Text before the first separator is kept as a message of its own, not dropped.
    this.current ??= [];
    this.current.push(escapedFrom.test(head) ? line.subarray(1) : line);
  }

  /** Ends the current message at `this.consumed` (the separator being read, or the end of input). */
  private finish(done: MboxMessage[]): void {
    const lines = this.current;
    this.current = null;
    if (!lines) return;
    // The blank line before a separator belongs to the mbox format, not to the message.
    const last = lines[lines.length - 1];
    if (last && isBlank(last)) lines.pop();
    const message = Buffer.concat(lines);
    if (message.toString('latin1').trim() !== '') done.push({ bytes: new Uint8Array(message), next: this.consumed });
  }
}

/** How many messages an mbox holds (what a split would give), without copying them. */
export function countMboxMessages(bytes: Uint8Array): number {
  let count = 0;
  let content = false;
  let previousBlank = true;
  let start = 0;
  while (start < bytes.byteLength) {
    const nl = bytes.indexOf(newline, start);
    const end = nl < 0 ? bytes.byteLength : nl + 1;
    const line = bytes.subarray(start, end);
    const head = Buffer.from(line.subarray(0, Math.min(line.byteLength, 200))).toString('latin1');
    if (previousBlank && head.startsWith('From ') && isFromLine(head.replace(/\r?\n$/, ''))) {
      if (content) count++;
      content = false;
      previousBlank = false;
    } else {
      previousBlank = isBlank(line);
      if (head.trim() !== '') content = true;
    }
    start = end;
  }
  return content ? count + 1 : count;
}

/** Every message of a whole mbox held in memory. */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  const splitter = new MboxSplitter();
  return [...splitter.push(bytes), ...splitter.end()];
}

/** Whether an upload is an mbox rather than one message: by name, type, or a From_ line at the top. */
export function looksLikeMbox(name: string, contentType: string, bytes: Uint8Array): boolean {
  if (/\.mbox$/i.test(name) || /mbox/i.test(contentType)) return true;
  if (/\.eml$/i.test(name)) return false;
  const first = Buffer.from(bytes.subarray(0, 200)).toString('latin1').split(/\r?\n/)[0] ?? '';
  return isFromLine(first);
}
