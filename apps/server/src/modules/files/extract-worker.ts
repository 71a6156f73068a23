/**
 * Runs inside an extraction process (loaded through extract-child.mjs):
 * pdf.js parses untrusted bytes here, so a hostile PDF can exhaust only this
 * process's capped heap or be killed on its deadline, never block the event
 * loop of the sync server nor keep its memory.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy, TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { z } from 'zod';

export type ExtractTask = { bytes: Uint8Array; maxPages: number; maxTextChars: number };

export type ExtractResult =
  | { status: 'done'; text: string; pages: number; reason: string | null }
  | { status: 'no-text-layer' | 'encrypted' | 'corrupt'; pages: number | null; reason: string };

// cMaps are needed for CID fonts without a ToUnicode map (CJK documents);
// standard fonts for the 14 base fonts that PDFs may leave unembedded.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const cMapUrl = `${path.join(pdfjsRoot, 'cmaps')}${path.sep}`;
const standardFontDataUrl = `${path.join(pdfjsRoot, 'standard_fonts')}${path.sep}`;

export default async function extractPdfText(task: ExtractTask): Promise<ExtractResult> {
  if (task.bytes.byteLength === 0) return { status: 'corrupt', pages: null, reason: 'the file is empty (0 bytes)' };
  const loading = getDocument({
    data: task.bytes,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    // Never compile font programs into JS functions from untrusted input.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await loading.promise;
  } catch (err) {
    await loading.destroy().catch(() => undefined);
    const name = err instanceof Error ? err.name : '';
    if (name === 'PasswordException') return { status: 'encrypted', pages: null, reason: 'password protected' };
    return { status: 'corrupt', pages: null, reason: describe(err) };
  }
  try {
    return await readPages(doc, task);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

async function readPages(doc: PDFDocumentProxy, task: ExtractTask): Promise<ExtractResult> {
  const pages = doc.numPages;
  const limit = Math.min(pages, task.maxPages);
  const parts: string[] = [];
  let length = 0;
  let failed = 0;
  let firstError: unknown;
  let cut = false;
  for (let n = 1; n <= limit && !cut; n++) {
    try {
      const page = await doc.getPage(n);
      const text = [pageText(await page.getTextContent()), ...(await annotationText(page))].join('\n');
      page.cleanup();
      const room = task.maxTextChars - length;
      if (text.length > room) {
        parts.push(text.slice(0, room));
        cut = true;
      } else parts.push(text);
      length += Math.min(text.length, room) + 1;
    } catch (err) {
      // One broken page should not cost the text of the others.
      failed += 1;
      firstError ??= err;
    }
  }
  if (failed === limit) return { status: 'corrupt', pages, reason: describe(firstError) };
  const text = clean(parts.join('\n')).trim();
  if (text === '') return { status: 'no-text-layer', pages, reason: 'no text layer (scanned image?)' };
  const notes: string[] = [];
  if (limit < pages) notes.push(`text from the first ${limit} of ${pages} pages`);
  if (cut) notes.push(`text cut at ${task.maxTextChars.toLocaleString('en')} characters`);
  if (failed > 0) notes.push(`${failed} page${failed === 1 ? '' : 's'} could not be read: ${describe(firstError)}`);
  return { status: 'done', text, pages, reason: notes.length > 0 ? notes.join('; ') : null };
}

/**
 * pdf.js emits its own space items where the PDF spaces glyphs, but items
 * placed apart on one line (table cells, right-to-left runs) come without
 * one; a space is added there so the words on either side stay separate
 * words for full-text search.
 */
export function pageText(content: TextContent): string {
  const out: string[] = [];
  let endsInSpace = true;
  let prev: { y: number; end: number } | null = null;
  for (const item of content.items) {
    if (!isTextItem(item)) continue;
    const [, , , d = 0, x = 0, y = 0] = item.transform;
    const size = Math.abs(d) || item.height || 1;
    if (prev && item.str !== '' && !endsInSpace && !/^\s/.test(item.str)) {
      const sameLine = Math.abs(y - prev.y) < size * 0.5;
      const touching = item.dir !== 'rtl' && x >= prev.end - size * 0.5 && x <= prev.end + size * 0.2;
      if (!sameLine) out.push('\n');
      else if (!touching) out.push(' ');
    }
    out.push(item.str);
    if (item.hasEOL) out.push('\n');
    if (item.str !== '') prev = { y, end: x + item.width };
    if (item.str !== '' || item.hasEOL) endsInSpace = item.hasEOL || /\s$/.test(item.str);
  }
  return out.join('');
}

/**
 * PostgreSQL text cannot hold NUL, and lone surrogates from broken ToUnicode
 * maps would not survive the trip to UTF-8; other control characters are noise.
 */
const clean = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');

// The parts of pdf.js's (untyped) annotation data that carry words.
const annotationSchema = z.object({
  subtype: z.string().optional(),
  fieldType: z.string().optional(),
  fieldValue: z.union([z.string(), z.array(z.string())]).nullish(),
  contentsObj: z.object({ str: z.string() }).nullish(),
});

/**
 * Filled-in form fields and comments are not in the page's content stream,
 * but they are what a reader sees (and what pdftotext finds): text and
 * choice field values, and the contents of notes.
 */
async function annotationText(page: PDFPageProxy): Promise<string[]> {
  const out: string[] = [];
  for (const raw of await page.getAnnotations({ intent: 'display' })) {
    const parsed = annotationSchema.safeParse(raw);
    if (!parsed.success) continue;
    const a = parsed.data;
    if (a.subtype === 'Widget' && (a.fieldType === 'Tx' || a.fieldType === 'Ch') && a.fieldValue) {
      out.push(...(Array.isArray(a.fieldValue) ? a.fieldValue : [a.fieldValue]));
    } else if (a.subtype !== 'Widget' && a.contentsObj?.str) out.push(a.contentsObj.str);
  }
  return out.filter((t) => t.trim() !== '');
}

const isTextItem = (item: TextContent['items'][number]): item is TextItem => 'str' in item;

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unreadable PDF';
}
