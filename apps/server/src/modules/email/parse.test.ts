import { afterAll, describe, expect, it } from 'vitest';
import { EmailParser, stripFromLine } from './parse.js';

const message = (headers: string, body: string) => Buffer.from(`${headers}\r\n\r\n${body}`);
const simple = message('From: Ann <ann@example.com>\r\nSubject: Hello\r\nMessage-ID: <m1@example.com>', 'Hi');

describe('parsing in parser processes, bounded', () => {
  const parser = new EmailParser();
  afterAll(() => parser.close());

  it('parses in another process and returns plain data', async () => {
    const result = await parser.parse(simple);
    expect(result.ok && result.email).toMatchObject({ subject: 'Hello', from: { name: 'Ann', address: 'ann@example.com' }, messageId: '<m1@example.com>' });
  });

  it('keeps deep MIME nesting from running away (a parser limit, reported as the reason)', async () => {
    const depth = 3000;
    let headers = 'From: a@example.com\r\nSubject: nest\r\nContent-Type: multipart/mixed; boundary="b0"';
    let body = '';
    for (let i = 1; i < depth; i++) body += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
    headers += '';
    const result = await parser.parse(message(headers, body));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/limit|child nodes/i);
  });

  it('refuses a header block past 1 MB with a reason', async () => {
    const result = await parser.parse(message(`From: a@example.com\r\nX-Junk: ${'x'.repeat(2 * 1024 * 1024)}`, 'body'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/limit|header/i);
  });

  it('stops a parse that runs past its time, and the pool goes on working', async () => {
    const slow = new EmailParser({ timeoutMs: 1, maxHeapMb: 256, maxProcesses: 1, idleMs: 1000 });
    try {
      const result = await slow.parse(message('From: a@example.com', 'x'.repeat(5_000_000)));
      expect(result).toEqual({ ok: false, reason: 'Parsing took longer than 0.001 s and was stopped' });
    } finally {
      await slow.close();
    }
    expect((await parser.parse(simple)).ok).toBe(true);
  });

  it('stops a parse that needs more memory than a worker may have', async () => {
    const small = new EmailParser({ timeoutMs: 30_000, maxHeapMb: 16, maxProcesses: 1, idleMs: 1000 });
    try {
      // Grows the heap step by step (a 40 MB text body), as a real message does.
      const text = 'a line of ordinary words in a very long message\r\n'.repeat(800_000);
      const result = await small.parse(message('From: a@example.com\r\nContent-Type: text/plain; charset=utf-8', text));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/memory/i);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('drops an mbox From_ line left on top of a single message', () => {
    expect(Buffer.from(stripFromLine(Buffer.from('From - Sat Apr 14 14:01:30 2018\nSubject: x\n\nb'))).toString()).toBe('Subject: x\n\nb');
    expect(Buffer.from(stripFromLine(Buffer.from('From: a@b\n\nb'))).toString()).toBe('From: a@b\n\nb');
  });
});
