import * as Y from 'yjs';
import { rootKeys } from './names.js';
import { defaultFields, fieldNames, fieldSchemas, type CaseFields, type CaseFieldsPatch, type CaseKind, type FieldName } from './fields.js';

/**
 * Version of the document layout. Bump it with a migration in `migrate()`
 * when a top-level type or a field changes shape.
 */
export const schemaVersion = 1;

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(rootKeys.meta);
export const fieldsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(rootKeys.fields);
export const planFragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(rootKeys.plan);
export const activityMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(rootKeys.activity);
export const expectationsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(rootKeys.expectations);
export const milestonesMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(rootKeys.milestones);
export const draftsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(rootKeys.drafts);

/** Reads one field; a value some client wrote in a bad shape reads as undefined. */
export function readField<K extends FieldName>(doc: Y.Doc, name: K): CaseFields[K] | undefined {
  const raw = fieldsMap(doc).get(name);
  if (raw === undefined) return undefined;
  const parsed = fieldSchemas[name].safeParse(raw);
  return parsed.success ? (parsed.data as CaseFields[K]) : undefined;
}

/** All fields that are present and well-formed. */
export function readFields(doc: Y.Doc): Partial<CaseFields> {
  const out: Partial<Record<FieldName, unknown>> = {};
  for (const name of fieldNames) {
    const value = readField(doc, name);
    if (value !== undefined) out[name] = value;
  }
  return out as Partial<CaseFields>;
}

/** Writes validated values in one transaction; unchanged values are not rewritten. */
export function writeFields(doc: Y.Doc, patch: CaseFieldsPatch, origin?: unknown): void {
  const map = fieldsMap(doc);
  doc.transact(() => {
    for (const name of fieldNames) {
      if (!(name in patch)) continue;
      const value = patch[name];
      if (value === undefined) continue;
      if (map.get(name) !== value) map.set(name, value);
    }
  }, origin);
}

/** Fills a new case's team document: schema version and initial fields. */
export function initCaseDocument(doc: Y.Doc, init: { title: string; kind: CaseKind } & CaseFieldsPatch): void {
  doc.transact(() => {
    metaMap(doc).set('schemaVersion', schemaVersion);
    writeFields(doc, { ...defaultFields(init.kind), ...init });
  });
}

/**
 * Brings a document written by an older schema up to `schemaVersion`.
 * Version 1 is the first layout, so there is nothing to move yet; a document
 * without a version (made by a third-party client) is stamped as version 1.
 * Returns whether the document was changed.
 */
export function migrate(doc: Y.Doc): boolean {
  const meta = metaMap(doc);
  const current = meta.get('schemaVersion');
  if (typeof current === 'number' && current >= schemaVersion) return false;
  doc.transact(() => meta.set('schemaVersion', schemaVersion));
  return true;
}

/** A rich text node's characters, marks dropped (embeds are not text). */
export function xmlTextString(node: Y.XmlText): string {
  return (node.toDelta() as Array<{ insert?: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** Plain text of an XML fragment, one line per block, for search and previews. */
export function fragmentText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment, depth: number): void => {
    if (node instanceof Y.XmlText) {
      lines.push(xmlTextString(node));
      return;
    }
    const children = node.toArray();
    const blockStart = lines.length;
    for (const child of children) {
      if (child instanceof Y.XmlElement || child instanceof Y.XmlText) walk(child, depth + 1);
    }
    if (node instanceof Y.XmlElement && isTextBlock(node.nodeName)) {
      const text = lines.splice(blockStart).join('');
      lines.push(text);
    }
  };
  walk(fragment, 0);
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const textBlocks = new Set(['paragraph', 'heading', 'codeBlock']);
const isTextBlock = (name: string): boolean => textBlocks.has(name);

/** A plain-JSON view of the document for the API and for tests. */
export function toPlain(doc: Y.Doc): { fields: Partial<CaseFields>; planText: string } {
  return { fields: readFields(doc), planText: fragmentText(planFragment(doc)) };
}

/** Fills a new case's shared document: what guests may see from the start. */
export function initSharedDocument(doc: Y.Doc, init: { title: string; kind: CaseKind }): void {
  doc.transact(() => {
    metaMap(doc).set('schemaVersion', schemaVersion);
    writeFields(doc, { title: init.title, kind: init.kind });
  });
}

/**
 * A document that lives only inside one function: its guid is never seen (an
 * update does not carry it), so it is given one instead of a random one,
 * which costs lib0 31 calls to crypto, a third of a millisecond: a capture
 * of 10,000 note versions spent three seconds there.
 */
export const scratchDoc = (): Y.Doc => new Y.Doc({ guid: 'casehub-scratch' });

/** The whole state of a freshly built document, as one update. */
export function buildDocument(fill: (doc: Y.Doc) => void): Uint8Array {
  const doc = scratchDoc();
  fill(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
