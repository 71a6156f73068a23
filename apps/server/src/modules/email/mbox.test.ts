import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countMboxMessages, isFromLine, looksLikeMbox, MboxSplitter, splitMbox } from './mbox.js';
import { emailCorpusDir } from '../../../test/corpus.js';

const corpus = (name: string) => readFileSync(`${emailCorpusDir}/${name}`);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('mbox splitting', () => {
  it.each([
    ['cpython-mailbox_01.mbox', 1],
    ['thunderbird-mboxrd.mbox', 2],
    ['mimekit-gmail-takeout.mbox', 4],
    ['sisimai-bounces.mbox', 37],
  ])('%s holds %i message(s) (corpus README)', (name, count) => {
    const messages = splitMbox(corpus(name));
    expect(messages).toHaveLength(count);
    for (const m of messages) expect(text(m).startsWith('From ')).toBe(false);
  });

  it('keeps "From time to time" in the body: a From_ line needs the separator shape', () => {
    const [only] = splitMbox(corpus('cpython-mailbox_01.mbox'));
    expect(text(only ?? new Uint8Array())).toContain('\nFrom time to time');
    expect(isFromLine('From time to time')).toBe(false);
    expect(isFromLine('From MAILER-DAEMON Sun Aug  7 11:40:37 2022 extra info')).toBe(true);
    expect(isFromLine('From - Sat Apr 14 14:01:30 2018')).toBe(true);
    expect(isFromLine('From 1844347792267117879@xxx')).toBe(true);
  });

  it('un-escapes >From lines (mboxrd) and drops the separating blank line', () => {
    const [first, second] = splitMbox(corpus('thunderbird-mboxrd.mbox')).map(text);
    expect(first).toContain('\nFrom (should be escaped).\n');
    expect(first).not.toContain('>From');
    expect(first?.endsWith('There are 3 lines.\n')).toBe(true);
    expect(second).toContain('Subject: Sample message 2');
  });

  it('gives the same messages fed in chunks of any size (streaming)', () => {
    const whole = corpus('sisimai-bounces.mbox');
    const expected = splitMbox(whole).map(text);
    for (const size of [1, 7, 64, 4096]) {
      const splitter = new MboxSplitter();
      const got: Uint8Array[] = [];
      for (let i = 0; i < whole.byteLength; i += size) got.push(...splitter.push(whole.subarray(i, i + size)));
      got.push(...splitter.end());
      expect(got.map(text)).toEqual(expected);
    }
  });

  it('[issue 20.9] counts messages without splitting, and resumes from any recorded offset with the same messages', () => {
    for (const name of ['cpython-mailbox_01.mbox', 'thunderbird-mboxrd.mbox', 'mimekit-gmail-takeout.mbox', 'sisimai-bounces.mbox']) {
      const whole = corpus(name);
      const expected = splitMbox(whole).map(text);
      expect(countMboxMessages(whole)).toBe(expected.length);
      const first = new MboxSplitter();
      const all = [...first.pushMessages(whole), ...first.endMessages()];
      expect(all.at(-1)?.next).toBe(whole.byteLength);
      // Going on after message k from its recorded offset gives messages k+1... exactly.
      for (const [k, m] of all.entries()) {
        const again = new MboxSplitter();
        const rest = [...again.push(whole.subarray(m.next)), ...again.end()].map(text);
        expect(rest).toEqual(expected.slice(k + 1));
      }
    }
  });

  it('tells an mbox from a single message', () => {
    expect(looksLikeMbox('x.mbox', '', new Uint8Array())).toBe(true);
    expect(looksLikeMbox('x.eml', '', corpus('thunderbird-badly-folded-headers.eml'))).toBe(false);
    expect(looksLikeMbox('export', 'application/octet-stream', corpus('thunderbird-mboxrd.mbox'))).toBe(true);
  });
});
