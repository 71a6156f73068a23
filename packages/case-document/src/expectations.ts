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

export function setExpectationStatus(doc: Y.Doc, id: string, status: ExpectationStatus): boolean {
  const item = expectationsMap(doc).get(id);
  if (!(item instanceof Y.Map) || item.get('status') === status) return false;
  item.set('status', status);
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
