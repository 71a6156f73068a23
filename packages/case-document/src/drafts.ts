import * as Y from 'yjs';
import { z } from 'zod';
import { draftsMap } from './document.js';

/**
 * An email being written on the case (issue 13.5), kept in the team
 * document so it survives a closed tab, a crash and offline work like the
 * plan does, and so two people can write it together: its header fields are
 * keys of the draft's map, its text a Tiptap fragment under `body`.
 *
 * A reply names the email it answers (`replyTo`) and its thread; a second
 * person starting a reply in that thread is shown this draft instead of
 * starting a rival one (`replyDraftFor`).
 */
export const draftHeaderSchema = z.object({
  kind: z.enum(['new', 'reply']),
  /** The email this answers (a reply), else null. */
  replyTo: z.string().max(64).nullable().default(null),
  threadId: z.string().max(64).nullable().default(null),
  /** A connected mailbox to send through; null: the case address. */
  mailboxId: z.string().max(64).nullable().default(null),
  to: z.string().max(10_000).default(''),
  cc: z.string().max(10_000).default(''),
  bcc: z.string().max(10_000).default(''),
  subject: z.string().max(998).default(''),
  /** Files of the case to attach. */
  fileIds: z.array(z.string().max(64)).max(20).default([]),
  createdBy: z.string().max(64),
  createdByName: z.string().max(200),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type DraftHeader = z.infer<typeof draftHeaderSchema>;
export type DraftRecord = DraftHeader & { id: string; body: Y.XmlFragment };

/** Header fields a writer changes. */
export type DraftChange = Partial<Pick<DraftHeader, 'to' | 'cc' | 'bcc' | 'subject' | 'mailboxId' | 'fileIds'>>;

const bodyKey = 'body';

/** Starts a draft with an empty body; returns its fragment for the editor. */
export function createDraft(
  doc: Y.Doc,
  id: string,
  input: Omit<z.input<typeof draftHeaderSchema>, 'createdAt' | 'updatedAt'> & { at?: string },
): Y.XmlFragment {
  const at = input.at ?? new Date().toISOString();
  const parsed = draftHeaderSchema.parse({ ...input, createdAt: at, updatedAt: at });
  const body = new Y.XmlFragment();
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(parsed)) item.set(key, value);
    item.set(bodyKey, body);
    draftsMap(doc).set(id, item);
  });
  return body;
}

function toRecord(id: string, item: unknown): DraftRecord | null {
  if (!(item instanceof Y.Map)) return null;
  const body = item.get(bodyKey);
  if (!(body instanceof Y.XmlFragment)) return null;
  const header = Object.fromEntries([...item.entries()].filter(([key]) => key !== bodyKey));
  const parsed = draftHeaderSchema.safeParse(header);
  return parsed.success ? { ...parsed.data, id, body } : null;
}

/** One draft; null when there is none or it is malformed. */
export function readDraft(doc: Y.Doc, id: string): DraftRecord | null {
  return toRecord(id, draftsMap(doc).get(id));
}

/** Every well-formed draft, most recently changed first. */
export function listDrafts(doc: Y.Doc): DraftRecord[] {
  const out: DraftRecord[] = [];
  for (const [id, item] of draftsMap(doc).entries()) {
    const record = toRecord(id, item);
    if (record) out.push(record);
  }
  return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/** The reply already being written in a thread, if any (the newest). */
export function replyDraftFor(doc: Y.Doc, threadId: string): DraftRecord | null {
  return listDrafts(doc).find((d) => d.kind === 'reply' && d.threadId === threadId) ?? null;
}

/** Changes header fields (only those that differ); false when there is no such draft or the change is not valid. */
export function updateDraft(doc: Y.Doc, id: string, change: DraftChange, at = new Date().toISOString()): boolean {
  const item = draftsMap(doc).get(id);
  const current = toRecord(id, item);
  if (!current || !(item instanceof Y.Map)) return false;
  const parsed = draftHeaderSchema.partial().safeParse(change);
  if (!parsed.success) return false;
  const keys = (Object.keys(change) as Array<keyof DraftChange>).filter((key) => JSON.stringify(current[key]) !== JSON.stringify(parsed.data[key]));
  if (keys.length === 0) return true;
  doc.transact(() => {
    for (const key of keys) item.set(key, parsed.data[key]);
    item.set('updatedAt', at);
  });
  return true;
}

/** Marks the draft as just changed (its body was typed in). */
export function touchDraft(doc: Y.Doc, id: string, at = new Date().toISOString()): void {
  const item = draftsMap(doc).get(id);
  if (item instanceof Y.Map) item.set('updatedAt', at);
}

/** Removes a draft (sent or discarded); false when there was none. */
export function removeDraft(doc: Y.Doc, id: string): boolean {
  if (!draftsMap(doc).has(id)) return false;
  draftsMap(doc).delete(id);
  return true;
}
