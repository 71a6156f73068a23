import { z } from 'zod';

/** What a version is of: the plan, or the body of one note (`note:<activityId>`). */
export const versionTarget = z.union([z.literal('plan'), z.string().regex(/^note:[A-Za-z0-9_-]{1,64}$/, 'must be plan or note:<activityId>')]);
export type VersionTarget = z.infer<typeof versionTarget>;

/** `GET /api/cases/<id>/versions` query. */
export const versionListQuery = z.object({
  doc: z.enum(['team', 'shared']),
  target: versionTarget.default('plan'),
});
export type VersionListQuery = z.infer<typeof versionListQuery>;

export const versionAuthor = z.object({ id: z.string(), name: z.string() });
export type VersionAuthor = z.infer<typeof versionAuthor>;

export const versionSummary = z.object({
  id: z.string(),
  at: z.string(),
  /** The people whose changes this version is the first to hold; empty for changes the server made. */
  authors: z.array(versionAuthor),
  /** Characters of plain text. */
  size: z.number().int().min(0),
  excerpt: z.string(),
});
export type VersionSummary = z.infer<typeof versionSummary>;

export const versionListResponse = z.object({ versions: z.array(versionSummary) });

/** `GET /api/versions/<id>`: the text, and the state to restore from. */
export const versionDetail = versionSummary.extend({
  caseId: z.string(),
  doc: z.enum(['team', 'shared']),
  target: z.string(),
  /** Plain text, one line per block: what a preview diffs against the current text. */
  text: z.string(),
  /** Base64 of a Yjs update of a standalone document whose `plan` fragment holds the version's content. */
  state: z.string(),
});
export type VersionDetail = z.infer<typeof versionDetail>;
