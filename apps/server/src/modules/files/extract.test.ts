import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfExtractor } from './extract.js';
import { pdfCorpusDir } from '../../../test/corpus.js';

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
  });

  it('does not open files over the byte limit', async () => {
    expect(await extractor({ maxBytes: 100 }).extract(await corpus('pdfminer-simple1-minimal.pdf'))).toMatchObject({ status: 'too-large' });
  });
});

/** A one-page PDF whose compressed content stream draws `ops` text runs. */
function bombPdf(ops: number): Uint8Array {
  const content = deflateSync(Buffer.from('BT /F1 12 Tf 72 712 Td (Hello bomb) Tj ET\n'.repeat(ops)), { level: 9 });
  const objects: Array<string | Buffer> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]?.length ?? 0;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(chunk);
    at += chunk.length;
  });
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}
