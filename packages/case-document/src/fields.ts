import { z } from 'zod';

export const caseKinds = ['deal', 'support'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/**
 * Suggested stages per kind. Stages are free text on purpose (a team may add
 * its own), these are the defaults the UI offers.
 */
export const defaultStages: Record<CaseKind, readonly string[]> = {
  deal: ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'],
  support: ['new', 'open', 'pending', 'solved', 'closed'],
};

/** Stages that end a case; anything else counts as open (for routing and reports). */
export const closedStages: readonly string[] = ['won', 'lost', 'solved', 'closed'];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => {
    const date = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
  }, 'must be a real date');

/**
 * One schema per field: used to validate API input, and to read values out of
 * a document that any client may have written (a bad value reads as absent).
 */
export const fieldSchemas = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  kind: z.enum(caseKinds),
  stage: z.string().trim().min(1).max(60),
  priority: z.enum(priorities),
  ownerId: z.string().min(1).max(64).nullable(),
  account: z.string().trim().max(200),
  value: z.number().finite().min(0).max(1e15).nullable(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  closeDate: isoDate.nullable(),
} as const;

export type FieldName = keyof typeof fieldSchemas;
export const fieldNames = Object.keys(fieldSchemas) as FieldName[];

export type CaseFields = { [K in FieldName]: z.infer<(typeof fieldSchemas)[K]> };

export const caseFieldsPatch = z.object(fieldSchemas).partial().strict();
export type CaseFieldsPatch = z.infer<typeof caseFieldsPatch>;

export function defaultFields(kind: CaseKind): Omit<CaseFields, 'title'> {
  return {
    kind,
    stage: defaultStages[kind][0] ?? 'new',
    priority: 'normal',
    ownerId: null,
    account: '',
    value: null,
    currency: 'USD',
    closeDate: null,
  };
}

/** Fields of the team document that guests see, mirrored into the shared document. */
export const sharedFieldNames = ['title', 'kind', 'stage', 'closeDate'] as const satisfies readonly FieldName[];
