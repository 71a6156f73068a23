import { z } from 'zod';

/**
 * [issue 15.5, 15.6] Visits to a case: what changed since a person last marked
 * it read, and (for the team) who opened the case, its files and its emails.
 */

/** One stream entry someone else added since the last visit. */
export const sinceEntry = z.object({
  activityId: z.string(),
  kind: z.string(),
  at: z.string(),
  actorName: z.string(),
  summary: z.string(),
});

export const sinceFieldChange = z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable(), at: z.string() });
export const sinceJoined = z.object({ userId: z.string(), name: z.string(), guest: z.boolean(), at: z.string() });

export const sinceSummary = z.object({
  /** The visit the summary counts from; null the first time a person opens the case (nothing is "new" then). */
  since: z.string().nullable(),
  /** Everything up to here is in the summary: mark read with it, so what comes in meanwhile stays new. */
  through: z.string(),
  /** Entries by kind (note, email, file, call, meeting, expectation, …), however many `entries` lists. */
  counts: z.record(z.string(), z.number()),
  /** The newest entries first, at most 20. */
  entries: z.array(sinceEntry),
  /** The last change of each field since then (guests: only the fields they see). */
  fields: z.array(sinceFieldChange),
  joined: z.array(sinceJoined),
  /** Nothing new: the page shows no summary. */
  empty: z.boolean(),
});
export type SinceSummary = z.infer<typeof sinceSummary>;
export type SinceEntry = z.infer<typeof sinceEntry>;

/** `through`: the summary's; without it, now. */
export const seenInput = z.object({ through: z.iso.datetime({ offset: true }).optional() });

/** What a person opened on a case, for the team's "who has seen what". */
export const caseViewer = z.object({
  userId: z.string(),
  name: z.string(),
  guest: z.boolean(),
  lastOpenedAt: z.string().nullable(),
  opened: z.array(
    z.object({ target: z.enum(['file', 'email']), id: z.string(), name: z.string(), firstAt: z.string(), lastAt: z.string(), count: z.number() }),
  ),
});
export const caseViews = z.object({ people: z.array(caseViewer) });
export type CaseViewer = z.infer<typeof caseViewer>;
export type CaseViews = z.infer<typeof caseViews>;

/** Singular and plural words for the kinds of stream entries a summary counts. */
const kindWords: Record<string, [string, string]> = {
  note: ['note', 'notes'],
  email: ['email', 'emails'],
  file: ['file', 'files'],
  call: ['call', 'calls'],
  meeting: ['meeting', 'meetings'],
  expectation: ['promise update', 'promise updates'],
  status: ['status line', 'status lines'],
  system: ['update', 'updates'],
};

/** The word for one entry of a kind: "note", "promise update". */
export const entryKindWord = (kind: string): string => kindWords[kind]?.[0] ?? kind;

/** "2 notes, 1 email": a summary's counts in words, in the order given. */
export function describeCounts(counts: SinceSummary['counts']): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${n === 1 ? (kindWords[kind]?.[0] ?? kind) : (kindWords[kind]?.[1] ?? kind)}`)
    .join(', ');
}

/** How a case field is named to people: "Close date" for `closeDate`. */
export const caseFieldLabels: Record<string, string> = {
  title: 'Title',
  kind: 'Kind',
  stage: 'Stage',
  priority: 'Priority',
  ownerId: 'Owner',
  account: 'Account',
  value: 'Value',
  currency: 'Currency',
  closeDate: 'Close date',
};

/** [issue 15.7] People best placed to help with a moment of truth, each with the reasons. */
export const swarmQuery = z.object({ activityId: z.string().min(1).max(64) });
export const swarmSuggestions = z.object({
  suggestions: z.array(z.object({ userId: z.string(), name: z.string(), score: z.number(), reasons: z.array(z.string()) })),
});
export type SwarmSuggestions = z.infer<typeof swarmSuggestions>;
export const swarmInput = z.object({ activityId: z.string().min(1).max(64), userIds: z.array(z.string().min(1).max(64)).min(1).max(10) });
export type SwarmInput = z.infer<typeof swarmInput>;
export const swarmResult = z.object({ added: z.array(z.string()) });
