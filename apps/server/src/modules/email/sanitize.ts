import type sanitizeHtml from 'sanitize-html';
import { lazy } from '../../lib/lazy.js';

const sanitize = lazy<typeof sanitizeHtml>('sanitize-html');

/** Largest HTML body sanitized; beyond it the rest is cut (the text body still has everything). */
export const maxHtmlChars = 2 * 1024 * 1024;

const textTags = [
  'a',
  'abbr',
  'address',
  'b',
  'bdi',
  'bdo',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
];

/**
 * Inline style values may not fetch anything (url(), @import: remote content
 * and tracking pixels) nor run anything (expression(), javascript:, and
 * backslash escapes that could spell those out).
 */
const safeStyleValue = /^(?!.*(?:url\s*\(|expression\s*\(|javascript:|vbscript:|@import|\\|behavior|-moz-binding)).*$/i;
const styleProperties = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-align',
  'text-decoration',
  'text-indent',
  'text-transform',
  'line-height',
  'letter-spacing',
  'white-space',
  'word-break',
  'vertical-align',
  'direction',
  'display',
  'width',
  'height',
  'max-width',
  'min-width',
  'max-height',
  'min-height',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-collapse',
  'border-spacing',
  'border-radius',
  'list-style-type',
  'table-layout',
  'float',
  'clear',
  'overflow',
];

const tableAttributes = ['align', 'valign', 'width', 'height', 'bgcolor', 'border', 'cellpadding', 'cellspacing', 'colspan', 'rowspan', 'span'];

/** Remote images wait in `data-remote-src` until a person asks to load them (no tracking on open). */
function transformImage(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src: rawSrc, ...rest } = attribs;
  const src = (rawSrc ?? '').trim();
  if (/^https?:\/\//i.test(src)) return { tagName, attribs: { ...rest, 'data-remote-src': src } };
  if (/^\/\//.test(src)) return { tagName, attribs: { ...rest, 'data-remote-src': `https:${src}` } };
  if (/^data:image\/(?:png|gif|jpe?g|webp|bmp);/i.test(src) || /^cid:/i.test(src)) return { tagName, attribs: { ...rest, src } };
  return { tagName, attribs: rest };
}

const options: sanitizeHtml.IOptions = {
  allowedTags: textTags,
  disallowedTagsMode: 'discard',
  // Dropped with everything inside them, not just unwrapped.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'svg',
    'math',
    'iframe',
    'object',
    'embed',
    'template',
    'noembed',
    'noframes',
    'xml',
    'select',
    'button',
  ],
  allowedAttributes: {
    '*': ['style', 'dir', 'lang', 'title', 'align'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'data-remote-src', 'alt', 'width', 'height', 'border'],
    font: ['color', 'face', 'size'],
    table: tableAttributes,
    td: tableAttributes,
    th: tableAttributes,
    tr: tableAttributes,
    col: tableAttributes,
    colgroup: tableAttributes,
    tbody: tableAttributes,
    ol: ['start', 'type'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['data', 'cid', 'http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'background', 'data-remote-src'],
  allowProtocolRelative: false,
  allowedStyles: { '*': Object.fromEntries(styleProperties.map((p) => [p, [safeStyleValue]])) },
  transformTags: {
    img: transformImage,
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
  },
};

/**
 * Sanitizes an email's HTML for display (still inside a sandboxed frame in
 * the browser): no scripts, event handlers, frames, plugins, SVG, forms, meta
 * refresh or base, no javascript:/data: links, no CSS that fetches or runs.
 * Runs in the parse worker: it is CPU-heavy on hostile input.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitize()(html.length > maxHtmlChars ? html.slice(0, maxHtmlChars) : html, options);
}

const cidImage = /(<img\b[^>]*?\bsrc=")cid:([^"]*)(")/gi;

/**
 * Points `cid:` images at the attachment files they name. Runs on sanitized
 * output, whose attribute values are always double-quoted and escaped.
 */
export function resolveCidImages(html: string, urlForContentId: (contentId: string) => string | undefined): string {
  return html.replace(cidImage, (whole, start: string, cid: string, end: string) => {
    const url = urlForContentId(cid.replace(/&amp;/g, '&').trim().replace(/^<|>$/g, '').toLowerCase());
    return url ? `${start}${url}${end}` : whole;
  });
}
