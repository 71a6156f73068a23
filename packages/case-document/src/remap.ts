import * as Y from 'yjs';
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
