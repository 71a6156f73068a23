import * as Y from 'yjs';
import { fieldIdOfCustomKey, customFieldKey } from './custom-fields.js';
import { activityMap, draftsMap, expectationsMap, fieldsMap } from './document.js';

/**
 * Ids a document holds that point outside it, for a workspace moved to
 * another server (issue 16.3): people (`ownerId`, `actorId`, `assigneeId`,
 * who deleted an entry) and the relational records an entry opens
 * (`emailId`, `fileId`), and what a draft names (its author, the email it
 * answers, the files it attaches). Ids that are keys inside the document
 * (entries, promises, milestones, drafts) are the document's own and never change.
 */
export type IdRemap = {
  user(id: string): string;
  email(id: string): string;
  file(id: string): string;
  /**
   * [issue 17.3] A custom field's id here, and whether its values name people
   * (then each is remapped through `user`); undefined for a field the
   * archive does not define, whose value stays under its key. Absent: no
   * custom field moves.
   */
  customField?(id: string): { id: string; person: boolean } | undefined;
};

/**
 * Rewrites every outside id of the document through `remap`, in one
 * transaction; only values that change are written. Returns how many were.
 * (@mentions inside rich text keep the id they name; they render from their
 * own label.)
 */
export function remapDocumentIds(doc: Y.Doc, remap: IdRemap): number {
  let changed = 0;
  const swap = (map: Y.Map<unknown>, key: string, to: (id: string) => string): void => {
    const value = map.get(key);
    if (typeof value !== 'string') return;
    const next = to(value);
    if (next === value) return;
    map.set(key, next);
    changed++;
  };
  doc.transact(() => {
    swap(fieldsMap(doc), 'ownerId', remap.user);
    if (remap.customField) changed += remapCustomFields(fieldsMap(doc), remap.customField, remap.user);
    activityMap(doc).forEach((item) => {
      if (!(item instanceof Y.Map)) return;
      swap(item, 'actorId', remap.user);
      swap(item, 'assigneeId', remap.user);
      swap(item, 'emailId', remap.email);
      swap(item, 'fileId', remap.file);
      const deleted = item.get('deleted');
      if (deleted && typeof deleted === 'object' && 'by' in deleted && typeof deleted.by === 'string') {
        const by = remap.user(deleted.by);
        if (by !== deleted.by) {
          item.set('deleted', { ...deleted, by });
          changed++;
        }
      }
    });
    expectationsMap(doc).forEach((item) => {
      if (item instanceof Y.Map) swap(item, 'ownerId', remap.user);
    });
    draftsMap(doc).forEach((item) => {
      if (!(item instanceof Y.Map)) return;
      swap(item, 'createdBy', remap.user);
      swap(item, 'replyTo', remap.email);
      const files = item.get('fileIds');
      if (Array.isArray(files)) {
        const next = files.map((id) => (typeof id === 'string' ? remap.file(id) : id));
        if (next.some((id, i) => id !== files[i])) {
          item.set('fileIds', next);
          changed++;
        }
      }
    });
  });
  return changed;
}

/**
 * Moves each custom value to the key of its field's id here (`cf:<old>` to
 * `cf:<new>`), rewriting the user id a person field holds. Keys are read
 * first and written after, so a field taking another's old id never
 * overwrites a value not yet moved.
 */
function remapCustomFields(fields: Y.Map<unknown>, field: NonNullable<IdRemap['customField']>, user: (id: string) => string): number {
  const moves: Array<{ from: string; to: string; value: unknown }> = [];
  fields.forEach((value, key) => {
    const id = fieldIdOfCustomKey(key);
    const target = id === null ? undefined : field(id);
    if (!target) return;
    const next = target.person && typeof value === 'string' ? user(value) : value;
    const to = customFieldKey(target.id);
    if (to !== key || next !== value) moves.push({ from: key, to, value: next });
  });
  for (const { from } of moves) fields.delete(from);
  for (const { to, value } of moves) fields.set(to, value);
  return moves.length;
}
