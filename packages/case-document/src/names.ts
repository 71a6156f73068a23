/**
 * Document names are part of the public contract (DESIGN.md §3): clients open
 * `/sync/cases/<caseId>/team` and `/sync/cases/<caseId>/shared`.
 */
export const docSides = ['team', 'shared'] as const;
export type DocSide = (typeof docSides)[number];

/** Case ids are opaque URL-safe strings; the server makes them unguessable. */
export const caseIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

const docNamePattern = /^cases\/([A-Za-z0-9_-]{1,64})\/(team|shared)$/;

export function docName(caseId: string, side: DocSide): string {
  if (!caseIdPattern.test(caseId)) throw new RangeError(`invalid case id: ${caseId}`);
  return `cases/${caseId}/${side}`;
}

export function parseDocName(name: string): { caseId: string; side: DocSide } | null {
  const match = docNamePattern.exec(name);
  if (!match) return null;
  const [, caseId, side] = match;
  if (caseId === undefined || (side !== 'team' && side !== 'shared')) return null;
  return { caseId, side };
}

/** Names of the top-level shared types. Nobody outside this package spells them. */
export const rootKeys = {
  meta: 'meta',
  fields: 'fields',
  plan: 'plan',
  activity: 'activity',
  expectations: 'expectations',
  /** The mutual action plan's steps (shared document; DESIGN §3). */
  milestones: 'milestones',
  /** Emails being written on the case (team document; issue 13.5). */
  drafts: 'drafts',
} as const;
