import * as Y from 'yjs';
import { z } from 'zod';
import { expectationsMap } from './document.js';

export const expectationStatuses = ['open', 'at-risk', 'met', 'missed'] as const;
export type ExpectationStatus = (typeof expectationStatuses)[number];

/** DESIGN.md §3: a promise made to the customer, with an owner and a due date. */
export const expectationSchema = z.object({
  text: z.string().trim().min(1).max(2000),
  ownerId: z.string().nullable(),
  promisedTo: z.string().max(200).default(''),
  dueAt: z.iso.datetime({ offset: true }),
  status: z.enum(expectationStatuses).default('open'),
  sourceActivityId: z.string().optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;
export type ExpectationRecord = Expectation & { id: string };

export function addExpectation(doc: Y.Doc, id: string, input: z.input<typeof expectationSchema>): void {
  const parsed = expectationSchema.parse(input);
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(parsed)) if (value !== undefined) item.set(key, value);
    expectationsMap(doc).set(id, item);
  });
}

export function readExpectation(doc: Y.Doc, id: string): ExpectationRecord | null {
  const item = expectationsMap(doc).get(id);
  if (!(item instanceof Y.Map)) return null;
  const parsed = expectationSchema.safeParse(Object.fromEntries(item.entries()));
  return parsed.success ? { ...parsed.data, id } : null;
}

export function listExpectations(doc: Y.Doc): ExpectationRecord[] {
  const out: ExpectationRecord[] = [];
  for (const id of expectationsMap(doc).keys()) {
    const record = readExpectation(doc, id);
    if (record) out.push(record);
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/**
 * DESIGN §3 `side` of a promise: `team` (we promised; also when absent) or
 * `customer` (the customer or partner promised us). Kept apart from
 * `expectationSchema`, whose records carry the document's side under the same name in the web app.
 */
export const promiseSides = ['team', 'customer'] as const;
export type PromiseSide = (typeof promiseSides)[number];

/** The promise's side, or null when there is no such promise. A value other than `customer` reads as `team`. */
export function readPromiseSide(doc: Y.Doc, id: string): PromiseSide | null {
  const item = expectationsMap(doc).get(id);
  if (!(item instanceof Y.Map)) return null;
  return item.get('side') === 'customer' ? 'customer' : 'team';
}

/** Sets the promise's side; false when there is no such promise or it already had that side (as stored). */
export function setPromiseSide(doc: Y.Doc, id: string, side: PromiseSide): boolean {
  const item = expectationsMap(doc).get(id);
  if (!(item instanceof Y.Map) || item.get('side') === side) return false;
  item.set('side', side);
  return true;
}

export function setExpectationStatus(doc: Y.Doc, id: string, status: ExpectationStatus): boolean {
  const item = expectationsMap(doc).get(id);
  if (!(item instanceof Y.Map) || item.get('status') === status) return false;
  item.set('status', status);
  return true;
}

/** What a person may change of a promise; absent keys stay as they are, `ownerId: null` clears the owner. */
export type ExpectationChange = Partial<Pick<Expectation, 'status' | 'text' | 'dueAt'>> & { ownerId?: string | null };

/** Applies `change` in one transaction; false when there is no such (well-formed) promise. */
export function updateExpectation(doc: Y.Doc, id: string, change: ExpectationChange): boolean {
  const item = expectationsMap(doc).get(id);
  if (!readExpectation(doc, id) || !(item instanceof Y.Map)) return false;
  doc.transact(() => {
    if (change.status) item.set('status', change.status);
    if (change.text) item.set('text', change.text);
    if (change.dueAt) item.set('dueAt', change.dueAt);
    if (change.ownerId !== undefined) item.set('ownerId', change.ownerId);
  });
  return true;
}

/**
 * The state machine the server runs as time passes: an open promise turns
 * at risk `atRiskMs` before it is due, and an open or at-risk one is missed
 * once it is past due. Met and missed are final here (a person may still
 * change them). Returns the new status, or null when nothing changes.
 */
export function nextExpectationStatus(e: Pick<Expectation, 'status' | 'dueAt'>, now: Date, atRiskMs: number): ExpectationStatus | null {
  if (e.status !== 'open' && e.status !== 'at-risk') return null;
  const due = Date.parse(e.dueAt);
  if (Number.isNaN(due)) return null;
  if (now.getTime() >= due) return 'missed';
  if (e.status === 'open' && now.getTime() >= due - atRiskMs) return 'at-risk';
  return null;
}
