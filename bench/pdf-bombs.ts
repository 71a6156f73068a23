/**
 * Issue 20.11: after contained PDF bombs, does the server's memory come back?
 * Reads N zip-bomb-like PDFs (62 KB each, inflating to 21 MB of drawing
 * operators; each fails alone as too-large) through the server's PdfExtractor,
 * with a 512 MB heap per extractor, then one ordinary PDF, waits for the idle
 * extractors to exit, and prints this process's resident size before, at its
 * peak, and after. The extractor runs in child processes; BENCH_EXTRACT
 * points at another extract.ts (e.g. an older checkout's, whose extractor
 * used worker threads) to compare the two in one run.
 *
 * `npx tsx pdf-bombs.ts` from bench/; BENCH_BOMBS (default 4), BENCH_DRY=1
 * to write nothing. Appends a section to bench/RESULTS.md.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bombPdf } from '../apps/server/test/pdf-bomb.js';

type Extractor = { extract(bytes: Uint8Array): Promise<{ status: string }>; close(): Promise<void> };
type ExtractorClass = new (limits: Record<string, number>) => Extractor;

const bombs = Number(process.env.BENCH_BOMBS ?? 4);
const idleMs = 2_000;
const targets = [
  { label: 'this checkout', file: path.resolve(import.meta.dirname, '../apps/server/src/modules/files/extract.ts') },
  ...(process.env.BENCH_EXTRACT
    ? [{ label: process.env.BENCH_EXTRACT_LABEL ?? process.env.BENCH_EXTRACT, file: path.resolve(process.env.BENCH_EXTRACT) }]
    : []),
];

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
const ordinary = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/corpus/pdf/pdfminer-simple1-minimal.pdf')));
const lines: string[] = [];

for (const target of targets) {
  const { PdfExtractor } = (await import(pathToFileURL(target.file).href)) as { PdfExtractor: ExtractorClass };
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const extractor = new PdfExtractor({ maxHeapMb: 512, threads: 1, idleMs, timeoutMs: 120_000 });
  const statuses: string[] = [];
  for (let i = 0; i < bombs; i++) statuses.push((await extractor.extract(bombPdf(500_000))).status);
  statuses.push((await extractor.extract(ordinary)).status);
  // Longer than any idle timeout of either design (the thread pool's was 30 s).
  await new Promise((r) => setTimeout(r, 35_000));
  global.gc?.();
  const after = process.memoryUsage().rss;
  clearInterval(sampler);
  await extractor.close();
  const row = `| ${target.label} | ${bombs} bombs + 1 PDF: ${statuses.join(', ')} | ${mib(before)} | ${mib(peak)} | ${mib(after)} |`;
  console.log(row);
  lines.push(row);
}

const section = [
  '',
  `## PDF bombs and the server's memory (bench/pdf-bombs.ts), ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Resident size of the process that owns the extractor (the server), each bomb a 62 KB PDF inflating to 21 MB of operators, 512 MB heap per extractor.`,
  '',
  '| extractor | what ran | RSS before | RSS peak | RSS 35 s after |',
  '| --- | --- | --- | --- | --- |',
  ...lines,
  '',
].join('\n');
if (process.env.BENCH_DRY !== '1') appendFileSync(path.resolve(import.meta.dirname, 'RESULTS.md'), section);
