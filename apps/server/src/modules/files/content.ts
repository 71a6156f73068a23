/**
 * How stored bytes are labelled and served: content-type sniffing on upload,
 * and the headers that keep a hostile upload from running script on our
 * origin when it is downloaded. Pure functions, tested without a server.
 */

const genericTypes = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download', 'application/force-download']);

// Matched against the first bytes read as latin1, where control bytes are part of the signatures.
/* eslint-disable no-control-regex */
const magic: Array<[RegExp, string]> = [
  [/^%PDF-/, 'application/pdf'],
  [/^\x89PNG\r\n\x1a\n/, 'image/png'],
  [/^\xff\xd8\xff/, 'image/jpeg'],
  [/^GIF8[79]a/, 'image/gif'],
  [/^RIFF....WEBP/s, 'image/webp'],
  [/^PK\x03\x04/, 'application/zip'],
];
/* eslint-enable no-control-regex */

const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  csv: 'text/csv',
  eml: 'message/rfc822',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The type to store: the one the client sent, unless it is generic, in which
 * case the bytes (then the extension) decide. Only the bare media type is kept,
 * lower-cased, so a crafted parameter never reaches a response header.
 */
export function resolveContentType(sent: string, name: string, bytes: Uint8Array): string {
  const bare = (sent.split(';')[0] ?? '').trim().toLowerCase();
  if (!genericTypes.has(bare) && /^[a-z0-9][\w.+-]*\/[\w.+-]+$/.test(bare)) return bare;
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  for (const [pattern, type] of magic) if (pattern.test(head)) return type;
  // PDFs with junk before the header (allowed by readers within the first KiB).
  if (head.includes('%PDF-')) return 'application/pdf';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && byExtension[ext]) || 'application/octet-stream';
}

// Types a browser could render as a document with script (HTML, SVG, XML, JS).
const activeType = /html|xml|svg|javascript|ecmascript|x-shockwave|text\/xsl|multipart\/x-mixed-replace/i;
const inlineTypes = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

/** Headers for serving a stored file: type, disposition and the sandbox for anything not previewed inline. */
export function contentHeaders(file: { name: string; contentType: string; sha256: string }): Record<string, string> {
  const active = activeType.test(file.contentType);
  const type = active ? 'application/octet-stream' : file.contentType;
  const inline = !active && inlineTypes.has(type);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
    'X-Content-Type-Options': 'nosniff',
    ETag: `"${file.sha256}"`,
    'Accept-Ranges': 'bytes',
    // Access can be revoked at any time: a browser may keep a copy but must ask again before using it.
    'Cache-Control': 'private, no-cache',
  };
  // Chrome's built-in PDF viewer refuses to run in a sandbox, and images have no script to fear.
  if (!inline) headers['Content-Security-Policy'] = "sandbox; default-src 'none'";
  return headers;
}

/** RFC 6266 with an RFC 5987 `filename*` for names that are not plain ASCII. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export type ByteRange = { start: number; end: number };

/**
 * A single `bytes=` range (what PDF.js asks for), resolved against the size.
 * Null: serve the whole file (no header, or several ranges, which we may
 * ignore). 'unsatisfiable': answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return null;
  return { start, end };
}
