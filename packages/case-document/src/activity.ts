import * as Y from 'yjs';
import { z } from 'zod';
import { activityMap } from './document.js';

export const activityKinds = ['note', 'email', 'file', 'call', 'meeting', 'status', 'expectation', 'system'] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** DESIGN.md §3: a summary is plain text of at most 500 characters. */
export const maxSummaryLength = 500;

export const activityEntrySchema = z.object({
  kind: z.enum(activityKinds),
  at: z.iso.datetime({ offset: true }),
  actorId: z.string().nullable(),
  actorName: z.string(),
  summary: z.string().max(maxSummaryLength),
  emailId: z.string().optional(),
  fileId: z.string().optional(),
  threadId: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  /**
   * Outbound email: whether the SMTP server accepted it (`sent`), it waits to
   * be tried (`queued`) or it gave up (`failed`, waiting in the outbox). Only
   * `sent` counts as an answer to the customer.
   */
  sendStatus: z.enum(['queued', 'sent', 'failed']).optional(),
  flag: z.literal('moment-of-truth').optional(),
  score: z.number().optional(),
  /** The words that drove the score, so the flag explains itself. */
  signals: z.array(z.string().max(60)).max(20).optional(),
  /** Inbound messages: who owns the message, and how routing placed it ("Routed to Dana by rule 'EMEA renewals'"). */
  assigneeId: z.string().nullable().optional(),
  routing: z.string().max(500).optional(),
  /** Inbound mail no person wrote (issue 13.8): a bounce, an automatic reply, bulk mail. */
  automatic: z.enum(['bounce', 'auto-reply', 'bulk']).optional(),
  /** Inbound mail whose sender was checked (SPF, DKIM, DMARC; issue 13.7): verified, failed, or nothing to tell. */
  senderAuth: z.enum(['pass', 'fail', 'none']).optional(),
  /** The first-response clock: when an answer is due, when it came, when it was overdue. */
  responseDueAt: z.iso.datetime({ offset: true }).optional(),
  respondedAt: z.iso.datetime({ offset: true }).optional(),
  responseBreachedAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * Deleted by a person (issue 21.8): kept, so Undo can bring it back, but
   * no longer in the stream, search or guests' copy. `unshared`: deleting it
   * took its copy out of the shared document, so a restore shares it again.
   */
  deleted: z.object({ at: z.iso.datetime({ offset: true }), by: z.string(), unshared: z.boolean() }).optional(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

/** An entry as read from a document: its id, its fields, and the note body if it has one. */
export type ActivityRecord = ActivityEntry & { id: string; body: Y.XmlFragment | null };

/** Cuts text to a summary: one line of whitespace-collapsed text, ellipsis if cut. */
export function toSummary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= maxSummaryLength ? flat : `${flat.slice(0, maxSummaryLength - 1)}…`;
}

/**
 * Adds an entry. Notes get a co-editable `body` fragment, filled by the
 * editor (or by `fill` here, for server-made notes).
 */
export function addActivity(doc: Y.Doc, id: string, entry: ActivityEntry, fillBody?: (body: Y.XmlFragment) => void): void {
  const parsed = activityEntrySchema.parse({ ...entry, summary: toSummary(entry.summary) });
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(parsed)) if (value !== undefined) item.set(key, value);
    activityMap(doc).set(id, item);
    if (parsed.kind === 'note' || parsed.kind === 'call' || parsed.kind === 'meeting') {
      const body = new Y.XmlFragment();
      item.set('body', body);
      fillBody?.(body);
    }
  });
}

type EntryPatch = Partial<Pick<ActivityEntry, 'summary' | 'flag' | 'score' | 'respondedAt' | 'responseBreachedAt' | 'sendStatus'>>;

/** Plain text to a note body: one paragraph per line (server-made notes, a rewritten note). */
export function fillParagraphs(text: string): (body: Y.XmlFragment) => void {
  return (body) => {
    const paragraphs = text.split(/\r?\n/).map((line) => {
      const p = new Y.XmlElement('paragraph');
      if (line !== '') p.insert(0, [new Y.XmlText(line)]);
      return p;
    });
    body.insert(0, paragraphs);
  };
}

/**
 * Replaces a note's body with `text` (a paragraph per line) and its summary
 * with the text's, in one transaction; false when the entry has no body.
 */
export function rewriteEntryText(doc: Y.Doc, id: string, text: string): boolean {
  const body = readActivity(doc, id)?.body;
  if (!body) return false;
  doc.transact(() => {
    body.delete(0, body.length);
    fillParagraphs(text)(body);
    updateActivity(doc, id, { summary: toSummary(text) });
  });
  return true;
}

/** Changes the plain fields of an entry (its summary after a body edit, its response clock). */
export function updateActivity(doc: Y.Doc, id: string, patch: EntryPatch): boolean {
  const item = activityMap(doc).get(id);
  if (!(item instanceof Y.Map)) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const next = key === 'summary' ? toSummary(String(value)) : value;
      // Setting a key to the value it has is still an update in Yjs: write only changes.
      if (item.get(key) !== next) item.set(key, next);
    }
  });
  return true;
}

/** Who an entry says wrote it. */
export function authorOf(doc: Y.Doc, id: string): { actorId: unknown; actorName: unknown } | null {
  const item = activityMap(doc).get(id);
  return item instanceof Y.Map ? { actorId: item.get('actorId'), actorName: item.get('actorName') } : null;
}

/** Sets who wrote an entry (the server's word on it: see modules/activity/authorship.ts). */
export function stampAuthor(doc: Y.Doc, id: string, author: { actorId: string | null; actorName: string }): boolean {
  const item = activityMap(doc).get(id);
  if (!(item instanceof Y.Map)) return false;
  doc.transact(() => {
    if (item.get('actorId') !== author.actorId) item.set('actorId', author.actorId);
    if (item.get('actorName') !== author.actorName) item.set('actorName', author.actorName);
  });
  return true;
}

/**
 * What the team knows about an entry and guests do not: how it scored, who
 * owns it, how it was routed and its response clock. Never copied into the
 * shared document.
 */
export const teamOnlyEntryKeys = ['flag', 'score', 'signals', 'assigneeId', 'routing', 'responseDueAt', 'respondedAt', 'responseBreachedAt'] as const;

/** An entry of the stream; a deleted one reads as absent (see `readDeletedActivity`). */
export function readActivity(doc: Y.Doc, id: string): ActivityRecord | null {
  const item = activityMap(doc).get(id);
  const record = item instanceof Y.Map ? toRecord(id, item) : null;
  return record && !record.deleted ? record : null;
}

/** An entry that was deleted and may be restored; null if there is none, or it is not deleted. */
export function readDeletedActivity(doc: Y.Doc, id: string): ActivityRecord | null {
  const item = activityMap(doc).get(id);
  const record = item instanceof Y.Map ? toRecord(id, item) : null;
  return record?.deleted ? record : null;
}

/** Marks an entry deleted (it leaves the stream, its content stays for a restore); false if absent or deleted already. */
export function deleteActivity(doc: Y.Doc, id: string, deleted: NonNullable<ActivityEntry['deleted']>): boolean {
  const item = activityMap(doc).get(id);
  if (!(item instanceof Y.Map) || !readActivity(doc, id)) return false;
  item.set('deleted', { ...deleted });
  return true;
}

/** Brings a deleted entry back as it was; false if it is not deleted. */
export function restoreActivity(doc: Y.Doc, id: string): boolean {
  const item = activityMap(doc).get(id);
  if (!(item instanceof Y.Map) || !readDeletedActivity(doc, id)) return false;
  item.delete('deleted');
  return true;
}

/** Every well-formed entry not deleted, oldest first (the stream is ordered by `at`). */
export function listActivity(doc: Y.Doc): ActivityRecord[] {
  const out: ActivityRecord[] = [];
  activityMap(doc).forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    const record = toRecord(id, item);
    if (record && !record.deleted) out.push(record);
  });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id.localeCompare(b.id)));
}

function toRecord(id: string, item: Y.Map<unknown>): ActivityRecord | null {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of item.entries()) if (key !== 'body') plain[key] = value;
  const parsed = activityEntrySchema.safeParse(plain);
  if (!parsed.success) return null;
  const body = item.get('body');
  return { ...parsed.data, id, body: body instanceof Y.XmlFragment ? body : null };
}

/**
 * Writes a copy of an entry into another document under the same id (sharing
 * a team entry with guests), without its team-only fields. A note's body is
 * deep-copied, so the copy is co-edited on its own from then on.
 */
export function copyActivity(entry: ActivityRecord, to: Y.Doc): void {
  const { id, body, ...all } = entry;
  const fields = { ...all };
  for (const key of teamOnlyEntryKeys) delete fields[key];
  delete fields.deleted;
  addActivity(to, id, fields, (target) => {
    if (!body) return;
    const nodes = body.toArray().flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : []));
    target.insert(0, nodes);
  });
}

/**
 * The record with its body copied into a document of its own, so it can be
 * read (and copied on) after the room the original lives in is released.
 */
export function detachActivity(entry: ActivityRecord): ActivityRecord {
  if (!entry.body) return entry;
  const holder = new Y.Doc();
  const body = holder.getXmlFragment('body');
  body.insert(
    0,
    entry.body.toArray().flatMap((n) => (n instanceof Y.XmlElement || n instanceof Y.XmlText ? [n.clone()] : [])),
  );
  return { ...entry, body };
}

export function removeActivity(doc: Y.Doc, id: string): boolean {
  const map = activityMap(doc);
  if (!map.has(id)) return false;
  map.delete(id);
  return true;
}
