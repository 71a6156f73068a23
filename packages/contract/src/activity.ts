import { z } from 'zod';

/** A note, call or meeting written into a case's stream. */
export const noteInput = z.object({
  kind: z.enum(['note', 'call', 'meeting']).default('note'),
  text: z.string().trim().min(1, 'must not be empty').max(100_000),
  /** Team members: also share it with the case's guests. Guests' notes are always shared. */
  shared: z.boolean().default(false),
});

export const shareInput = z.object({ thread: z.boolean().default(false) });

/** Its author rewrites a note, call or meeting (issue 21.8). */
export const entryEditInput = z.object({ text: z.string().trim().min(1, 'must not be empty').max(100_000) });

/** GET /api/search (DESIGN §9). */
export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(500),
  caseId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const searchResult = z.object({
  caseId: z.string(),
  caseTitle: z.string(),
  activityId: z.string(),
  kind: z.string(),
  /** Plain text with the matched words inside <mark>…</mark>; everything else HTML-escaped. */
  snippet: z.string(),
  at: z.string(),
  rank: z.number(),
});
export type SearchResult = z.infer<typeof searchResult>;
export const searchResponse = z.object({ results: z.array(searchResult) });

/** What sharing an entry answers: the ids of every entry now shared (a thread shares its emails). */
export const shareResponse = z.object({ shared: z.array(z.string()) });
export const noteCreated = z.object({ activityId: z.string(), shared: z.boolean() });
/** Deleting an entry (undo with restore): `unshared` when deleting it took it out of the guests' copy. */
export const entryRemoved = z.object({ activityId: z.string(), side: z.enum(['team', 'shared']), unshared: z.boolean() });
export const entryRestored = z.object({ activityId: z.string(), side: z.enum(['team', 'shared']), shared: z.boolean() });
