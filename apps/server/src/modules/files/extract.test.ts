import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfExtractor } from './extract.js';
import { pdfCorpusDir } from '../../../test/corpus.js';
import { bombPdf } from '../../../test/pdf-bomb.js';

const corpus = (name: string) => readFile(`${pdfCorpusDir}/${name}`).then((b) => new Uint8Array(b));

describe('PDF text extraction limits', () => {
  const pools: PdfExtractor[] = [];
  const extractor = (limits: ConstructorParameters<typeof PdfExtractor>[0]) => {
    const e = new PdfExtractor(limits);
    pools.push(e);
    return e;
  };
  // One pool for the per-task limits, so the suite pays for few worker start-ups.
  const shared = extractor({ threads: 1 });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('reads only the first pages past the page limit, and says so', async () => {
    const result = await shared.extract(await corpus('pdfkit-guide.pdf'), { maxPages: 2 });
    expect(result).toMatchObject({ status: 'done', pages: 86, reason: 'text from the first 2 of 86 pages' });
    expect(result.status === 'done' && result.text).toContain('Govett');
  });

  it('cuts the text at the size cap, and says so', async () => {
    const result = await shared.extract(await corpus('pdfkit-guide.pdf'), { maxTextChars: 1000 });
    expect(result).toMatchObject({ status: 'done', reason: 'text cut at 1,000 characters' });
    expect(result.status === 'done' && result.text.length).toBeLessThanOrEqual(1000);
  });

  it('terminates a PDF that runs past its deadline, and the pool goes on working', async () => {
    expect(await shared.extract(await corpus('pdfkit-guide.pdf'), { timeoutMs: 30 })).toMatchObject({ status: 'timeout', reason: 'gave up after 30 ms' });
    expect(await shared.extract(await corpus('pdfminer-simple1-minimal.pdf'))).toMatchObject({ status: 'done' });
  });

  it('a zip-bomb-like PDF that needs more heap than a worker has fails alone as too-large', async () => {
    // 62 KB on disk; its content stream inflates to 21 MB of text-drawing operators.
    const tight = extractor({ maxHeapMb: 128, threads: 1 });
    expect(await tight.extract(bombPdf(500_000))).toMatchObject({ status: 'too-large', reason: 'needs more than 128 MB of memory to read' });
    expect(await tight.extract(bombPdf(10))).toMatchObject({ status: 'done', text: expect.stringContaining('Hello bomb') });
  }, 120_000);

  it("[issue 20.11] a PDF is read in a child process that exits once idle, so a bomb's memory leaves with it", async () => {
    const e = extractor({ maxHeapMb: 128, threads: 1, idleMs: 300 });
    expect(e.processes).toBe(0);
    // The reason in the message: in loaded full runs this came back 'failed: SIGABRT' when V8's stack trace pushed its
    // "heap out of memory" out of the stderr the pool kept (fixed in lib/child-pool.ts, tested there).
    const bomb = await e.extract(bombPdf(500_000));
    expect(bomb, JSON.stringify(bomb)).toMatchObject({ status: 'too-large' });
    expect(await e.extract(bombPdf(10))).toMatchObject({ status: 'done' });
    expect(e.processes).toBe(1);
    const deadline = Date.now() + 10_000;
    while (e.processes > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(e.processes).toBe(0);
    // And the next PDF starts a fresh one.
    expect(await e.extract(await corpus('pdfminer-simple1-minimal.pdf'))).toMatchObject({ status: 'done' });
    // A bomb takes the child to its heap cap first: 14 s in a loaded full run, so more than the default 30 s for the whole.
  }, 120_000);

  it('does not open files over the byte limit', async () => {
    expect(await extractor({ maxBytes: 100 }).extract(await corpus('pdfminer-simple1-minimal.pdf'))).toMatchObject({ status: 'too-large' });
  });
});
