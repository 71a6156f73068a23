import { describe, expect, it } from 'vitest';
import { contentDisposition, contentHeaders, parseRange, resolveContentType } from './content.js';
import { cleanFileName, looksLikePdf } from './service.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('file names', () => {
  it('keeps only the last path segment, without control characters', () => {
    expect(cleanFileName('1234/../../1234.txt')).toBe('1234.txt');
    expect(cleanFileName('..\\..\\windows\\evil.exe')).toBe('evil.exe');
    expect(cleanFileName('a\u0000b\r\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('../..')).toBe('file');
    expect(cleanFileName('')).toBe('file');
  });

  it('writes RFC 5987 filename* beside an ASCII fallback', () => {
    expect(contentDisposition('attachment', 'Preis "neu".pdf')).toBe(`attachment; filename="Preis _neu_.pdf"; filename*=UTF-8''Preis%20%22neu%22.pdf`);
    expect(contentDisposition('inline', '報告書.pdf')).toBe(`inline; filename="___.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf`);
  });
});

describe('content types', () => {
  it('keeps a specific type and sniffs a generic one', () => {
    expect(resolveContentType('text/csv; charset=utf-8', 'a.csv', bytes('a,b'))).toBe('text/csv');
    expect(resolveContentType('application/octet-stream', 'x', bytes('%PDF-1.7'))).toBe('application/pdf');
    expect(resolveContentType('', 'x', bytes('junk before\n%PDF-1.4'))).toBe('application/pdf');
    expect(resolveContentType('', 'photo.JPG', bytes('no magic here'))).toBe('image/jpeg');
    expect(resolveContentType('', 'blob', bytes('???'))).toBe('application/octet-stream');
    expect(resolveContentType('text/html"; x=<y>', 'a', bytes(''))).toBe('application/octet-stream');
  });

  it('recognises PDFs by type, name or header', () => {
    expect(looksLikePdf({ name: 'a.PDF', contentType: '', bytes: bytes('') })).toBe(true);
    expect(looksLikePdf({ name: 'a', contentType: '', bytes: bytes('xx%PDF-1.3') })).toBe(true);
    expect(looksLikePdf({ name: 'a.txt', contentType: 'text/plain', bytes: bytes('hello') })).toBe(false);
  });

  it('never serves a type that can run script as itself', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript']) {
      const h = contentHeaders({ name: 'x', contentType: type, sha256: 'ab' });
      expect(h['Content-Type'], type).toBe('application/octet-stream');
      expect(h['Content-Disposition'], type).toMatch(/^attachment;/);
      expect(h['Content-Security-Policy'], type).toContain('sandbox');
    }
    const pdf = contentHeaders({ name: 'x.pdf', contentType: 'application/pdf', sha256: 'ab' });
    expect(pdf).toMatchObject({ 'Content-Type': 'application/pdf', ETag: '"ab"', 'X-Content-Type-Options': 'nosniff' });
    expect(pdf['Content-Disposition']).toMatch(/^inline;/);
    expect(contentHeaders({ name: 'a.txt', contentType: 'text/plain', sha256: 'ab' })['Content-Disposition']).toMatch(/^attachment;/);
  });
});

describe('byte ranges', () => {
  it('resolves the forms PDF.js and browsers send', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('serves the whole file for what it does not support, 416 for what cannot be met', () => {
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=9-3', 100)).toBeNull();
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});
