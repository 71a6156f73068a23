import type * as HtmlToText from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import { lazy } from '../../lib/lazy.js';
import { maxHtmlChars } from './sanitize.js';

const htmlToText = lazy<typeof HtmlToText>('html-to-text');

/** What of an HTML part's text is indexed for search; the email's text part has the same bound. */
export const maxHtmlTextChars = 200_000;

const options: HtmlToTextOptions = {
  wordwrap: false,
  // Bounds on the work one hostile message may cause (the HTML is sanitized already, but may be 2 MB of nesting).
  limits: { maxInputLength: maxHtmlChars, maxDepth: 200, maxChildNodes: 20_000, ellipsis: ' ' },
  selectors: [
    // Words are what search needs: no link targets, image sources or table layout.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    // A cell per line, so the words of two cells never run together.
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
  ],
};

/**
 * The words of a sanitized HTML part, as plain text for the search index:
 * HTML-only mail, and words only its HTML part has, are found like any other.
 * Runs in the parser processes (parse-worker.ts), whose time and memory
 * limits cover it.
 */
export function htmlSearchText(sanitizedHtml: string): string {
  const text = htmlToText()
    .convert(sanitizedHtml, options)
    .replaceAll('\u0000', '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
  return text.slice(0, maxHtmlTextChars);
}
