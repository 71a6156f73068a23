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

export class MboxSplitter {
  private pending: Uint8Array[] = [];
  private current: Uint8Array[] | null = null;
  private previousBlank = true;

  /** Adds bytes; returns the messages completed by them. */
  push(chunk: Uint8Array): Uint8Array[] {
    const done: Uint8Array[] = [];
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(newline, start);
      if (end < 0) break;
      this.pending.push(chunk.subarray(start, end + 1));
      this.line(Buffer.concat(this.pending), done);
      this.pending = [];
      start = end + 1;
    }
    if (start < chunk.byteLength) this.pending.push(chunk.slice(start));
    return done;
  }

  /** The last message, once the input has ended. */
  end(): Uint8Array[] {
    const done: Uint8Array[] = [];
    if (this.pending.length > 0) this.line(Buffer.concat(this.pending), done);
    this.pending = [];
    this.finish(done);
    return done;
  }

  private line(line: Uint8Array, done: Uint8Array[]): void {
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

  private finish(done: Uint8Array[]): void {
    const lines = this.current;
    this.current = null;
    if (!lines) return;
    // The blank line before a separator belongs to the mbox format, not to the message.
    const last = lines[lines.length - 1];
    if (last && isBlank(last)) lines.pop();
    const message = Buffer.concat(lines);
    if (message.toString('latin1').trim() !== '') done.push(new Uint8Array(message));
  }
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
