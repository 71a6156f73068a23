/**
 * Runs in a parser process (parse-child.mjs, pooled by parse.ts), so a slow
 * or hostile message never blocks the event loop that serves sync and HTTP,
 * and one that exhausts memory takes down only that process. Returns plain
 * data only: it crosses the process boundary by structured clone.
 */
import type { AddressObject, EmailAddress, HeaderValue } from 'mailparser';
import { simpleParser } from 'mailparser';
import { ownWords } from '../signals/own-words.js';
import { automaticKind, type AutomaticKind } from './automatic.js';
import { htmlSearchText } from './html-text.js';
import { sanitizeEmailHtml } from './sanitize.js';

export type ParsedAddress = { name: string; address: string };
export type ParsedAttachment = {
  filename: string;
  contentType: string;
  /** Lowercase, without angle brackets; for `cid:` images. */
  contentId: string | null;
  content: Uint8Array;
};
export type ParsedEmail = {
  subject: string;
  from: ParsedAddress | null;
  replyTo: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  /** ISO-8601, or null when the Date header is missing or unreadable. */
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string;
  /** Already sanitized. */
  html: string | null;
  /** The words of the sanitized HTML, for search (bounded); null without an HTML part. */
  htmlText: string | null;
  attachments: ParsedAttachment[];
  /** Attachments past `maxAttachments`, not kept. */
  droppedAttachments: number;
  /** The sender's own words: `text` without quoted history and signature (signals/own-words.ts), for moments of truth. */
  ownText: string;
  /** A bounce, automatic reply or bulk mail (automatic.ts); null when a person wrote it. */
  automatic: AutomaticKind | null;
  /** The topmost Authentication-Results header (the one the receiving server added), unfolded and bounded; null without one. */
  authResults: string | null;
  /** Header fields that every email has some of (From, Date, Content-Type...); zero means "not an email". */
  knownHeaderCount: number;
};

/** Bounds on what one message may cost us (the raw source is kept whole regardless). */
export const parseLimits = {
  maxAttachments: 500,
  maxHeadBytes: 1024 * 1024,
  maxMimeNodes: 1000,
  maxSubjectChars: 4000,
  maxTextChars: 4 * 1024 * 1024,
  maxAddresses: 500,
  maxReferences: 100,
};

/** PostgreSQL text cannot hold NUL, and some real mail (a Japanese bounce in the corpus) carries one. */
const clean = (s: string): string => s.replaceAll('\u0000', '');

const knownHeaders = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'received',
  'return-path',
  'sender',
  'reply-to',
  'in-reply-to',
  'references',
  'delivered-to',
]);

function flatten(list: EmailAddress[], out: ParsedAddress[]): void {
  for (const entry of list) {
    if (out.length >= parseLimits.maxAddresses) return;
    if (entry.group) flatten(entry.group, out);
    else if (entry.address || entry.name) out.push({ name: clean(entry.name ?? '').slice(0, 200), address: clean(entry.address ?? '').slice(0, 320) });
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) flatten(obj.value, out);
  return out;
}

/** `<a@b> <c@d>` or a bare `a@b`, angle brackets normalised, unique, in order. */
export function messageIds(value: HeaderValue | string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
  const found = bracketed.length > 0 ? bracketed : text.split(/[\s,]+/).filter((t) => t.includes('@'));
  const ids = found.map((id) => clean(id).trim().replace(/^<|>$/g, '')).filter((id) => id.length > 0 && id.length <= 998);
  return [...new Set(ids.map((id) => `<${id}>`))];
}

export default async function parseEmail(raw: Uint8Array): Promise<ParsedEmail> {
  const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
    maxHeadSize: parseLimits.maxHeadBytes,
    maxChildNodes: parseLimits.maxMimeNodes,
    maxHtmlLengthToParse: 2 * 1024 * 1024,
  });
  const from = addresses(mail.from)[0] ?? null;
  const replyTo = addresses(mail.replyTo)[0] ?? null;
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null;
  const kept = mail.attachments.slice(0, parseLimits.maxAttachments);
  const text = clean(mail.text ?? '').slice(0, parseLimits.maxTextChars);
  const subject = clean(mail.subject ?? '')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, parseLimits.maxSubjectChars);
  const authLine = mail.headerLines.find((h) => h.key.toLowerCase() === 'authentication-results')?.line ?? null;
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? sanitizeEmailHtml(clean(mail.html)) : null;
  return {
    subject,
    from,
    replyTo,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date,
    messageId: messageIds(mail.messageId)[0] ?? null,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references).slice(-parseLimits.maxReferences),
    text,
    ownText: ownWords(text),
    automatic: automaticKind(mail.headerLines, subject, from?.address ?? ''),
    authResults: authLine === null ? null : clean(authLine.slice(authLine.indexOf(':') + 1)).slice(0, 4096),
    html,
    htmlText: html === null ? null : htmlSearchText(html),
    attachments: kept.map((a) => ({
      filename: clean(a.filename ?? ''),
      contentType: clean(a.contentType || 'application/octet-stream'),
      contentId: a.contentId ? clean(a.contentId).trim().replace(/^<|>$/g, '').toLowerCase() : null,
      content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
    droppedAttachments: mail.attachments.length - kept.length,
    knownHeaderCount: mail.headerLines.filter((h) => knownHeaders.has(h.key.toLowerCase())).length,
  };
}
