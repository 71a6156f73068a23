import * as Y from 'yjs';
import { xmlTextString } from './document.js';

/**
 * [issue 15.3] A plan's text in a template: the blocks of the mutual plan as
 * a small subset of Markdown, so a template made from a case keeps its
 * headings and lists, and a person writing one in a text box can make them.
 *
 *     # Heading (## and ### too)     - a bullet item (or *)     1. a numbered item
 *
 * Every other line is a paragraph; an empty line is an empty paragraph
 * between paragraphs and nothing between list items. Inline marks (bold,
 * links) and nesting are not kept: a nested item becomes an item of its
 * list, marks become their plain text.
 */
type Block = { kind: 'heading'; level: number; text: string } | { kind: 'bullet' | 'ordered'; text: string } | { kind: 'paragraph'; text: string };

function parseLine(line: string): Block {
  const heading = /^(#{1,3})\s+(.*)$/.exec(line);
  if (heading) return { kind: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' };
  const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
  if (bullet) return { kind: 'bullet', text: bullet[1] ?? '' };
  const ordered = /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line);
  if (ordered) return { kind: 'ordered', text: ordered[1] ?? '' };
  return { kind: 'paragraph', text: line };
}

function textBlock(name: string, text: string, attrs: Record<string, number> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as unknown as string);
  if (text !== '') el.insert(0, [new Y.XmlText(text)]);
  return el;
}

/** The plan's blocks for `text` (trailing blank lines dropped), ready to push into the plan's fragment. */
export function planBlocksFromMarkdown(text: string): Y.XmlElement[] {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  if (lines.length === 1 && lines[0]?.trim() === '') return [];
  const blocks: Y.XmlElement[] = [];
  type OpenList = { kind: 'bullet' | 'ordered'; el: Y.XmlElement };
  let list = null as OpenList | null;
  for (const [i, line] of lines.entries()) {
    const block = parseLine(line);
    if (block.kind === 'bullet' || block.kind === 'ordered') {
      if (list?.kind !== block.kind) {
        list = { kind: block.kind, el: new Y.XmlElement(block.kind === 'bullet' ? 'bulletList' : 'orderedList') };
        blocks.push(list.el);
      }
      const item = new Y.XmlElement('listItem');
      item.insert(0, [textBlock('paragraph', block.text)]);
      list.el.push([item]);
      continue;
    }
    // A blank line between two items of one list does not end it.
    const next = lines[i + 1];
    if (list && line.trim() === '' && next !== undefined && parseLine(next).kind === list.kind) continue;
    list = null;
    blocks.push(block.kind === 'heading' ? textBlock('heading', block.text, { level: block.level }) : textBlock('paragraph', block.text));
  }
  return blocks;
}

/** The plain text of a block (its text nodes, marks dropped). */
function plainText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return xmlTextString(node);
  return node
    .toArray()
    .map((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? plainText(child) : ''))
    .join('');
}

/** The items of a list, nested ones flattened in order, each the text of its own paragraphs. */
function listItems(list: Y.XmlElement): string[] {
  const out: string[] = [];
  for (const item of list.toArray()) {
    if (!(item instanceof Y.XmlElement)) continue;
    const own: string[] = [];
    const nested: string[] = [];
    for (const child of item.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'bulletList' || child.nodeName === 'orderedList') nested.push(...listItems(child));
      else own.push(plainText(child));
    }
    out.push(own.join(' '), ...nested);
  }
  return out;
}

/** The plan's fragment as the Markdown subset above: what `planBlocksFromMarkdown` reads back. */
export function planMarkdown(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    switch (node.nodeName) {
      case 'heading': {
        const level = Math.min(3, Math.max(1, Number(node.getAttribute('level')) || 1));
        lines.push(`${'#'.repeat(level)} ${plainText(node)}`);
        break;
      }
      case 'bulletList':
        lines.push(...listItems(node).map((t) => `- ${t}`));
        break;
      case 'orderedList':
        lines.push(...listItems(node).map((t, i) => `${i + 1}. ${t}`));
        break;
      default:
        // Paragraphs, quotes, code: their text, line by line.
        lines.push(...plainText(node).split('\n'));
    }
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
