import type * as Y from 'yjs';
import { z } from 'zod';
import { fieldsMap } from './document.js';

/**
 * Custom fields (issue 17.3) live in the same `fields` map as the built-in
 * ones, under `cf:<fieldId>`: a built-in field name never contains a colon, so
 * the two can never collide, and they are co-edited, undone and synced like
 * any other field. Their definitions (label, type, options, shared or not)
 * are relational; this file knows only the key format and the value shapes.
 */
const customKeyPrefix = 'cf:';

/** Field ids are server-made, URL-safe strings. */
export const customFieldIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export const customFieldKey = (fieldId: string): string => {
  if (!customFieldIdPattern.test(fieldId)) throw new RangeError(`invalid custom field id: ${fieldId}`);
  return `${customKeyPrefix}${fieldId}`;
};

/** The field id of a `cf:<id>` key of the fields map, or null for any other key. */
export const fieldIdOfCustomKey = (key: string): string | null => {
  if (!key.startsWith(customKeyPrefix)) return null;
  const id = key.slice(customKeyPrefix.length);
  return customFieldIdPattern.test(id) ? id : null;
};

export const moneyValue = z.object({ amount: z.number().finite(), currency: z.string().regex(/^[A-Z]{3}$/) }).strict();
export type MoneyValue = z.infer<typeof moneyValue>;

/**
 * Any value a custom field can hold, by shape only (which shape a field wants
 * is its definition's business): text, number, checkbox, a multi select's
 * options, or money. Anything else a client wrote reads as absent.
 */
export const customValueShape = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.array(z.string().max(200)).max(200), moneyValue]);
export type CustomValue = z.infer<typeof customValueShape>;

/** The custom values present and well-shaped in a document, by field id. */
export function readCustomValues(doc: Y.Doc): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  fieldsMap(doc).forEach((raw, key) => {
    const id = fieldIdOfCustomKey(key);
    if (id === null) return;
    const parsed = customValueShape.safeParse(raw);
    if (parsed.success) out[id] = parsed.data;
  });
  return out;
}

/** One custom value of a document, or undefined when absent or badly shaped. */
export function readCustomValue(doc: Y.Doc, fieldId: string): CustomValue | undefined {
  const parsed = customValueShape.safeParse(fieldsMap(doc).get(customFieldKey(fieldId)));
  return parsed.success ? parsed.data : undefined;
}

/** Field ids with any value under their key, even a badly shaped one (the mirror removes what guests may not see). */
export function customFieldIdsIn(doc: Y.Doc): string[] {
  const out: string[] = [];
  fieldsMap(doc).forEach((_raw, key) => {
    const id = fieldIdOfCustomKey(key);
    if (id !== null) out.push(id);
  });
  return out;
}

export const sameCustomValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes custom values (already validated against their definitions) in one
 * transaction; `null` removes a value. Unchanged values are not rewritten.
 */
export function writeCustomValues(doc: Y.Doc, patch: Readonly<Record<string, CustomValue | null>>, origin?: unknown): void {
  const map = fieldsMap(doc);
  doc.transact(() => {
    for (const [id, value] of Object.entries(patch)) {
      const key = customFieldKey(id);
      if (value === null) {
        if (map.has(key)) map.delete(key);
      } else if (!sameCustomValue(map.get(key), value)) {
        map.set(key, value);
      }
    }
  }, origin);
}
