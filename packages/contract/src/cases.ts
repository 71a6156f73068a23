import { z } from 'zod';
import { mergedFrom } from './merge.js';
import { caseFieldsPatch, caseKinds, fieldSchemas } from '@casehub/case-document';
import { caseAccess } from './auth.js';
import { customFieldDefinition } from './custom-fields.js';

/**
 * [issue 17.3] Custom field values by field id, checked against the kind's
 * definitions by the server (`validateCustomPatch`); `null` clears one.
 */
const customInput = z.record(z.string().min(1).max(64), z.unknown()).refine((r) => Object.keys(r).length <= 100, 'at most 100 custom fields');

export const caseCreateInput = caseFieldsPatch.extend({
  title: fieldSchemas.title,
  kind: fieldSchemas.kind.default('deal'),
  private: z.boolean().default(false),
  custom: customInput.optional(),
});
export type CaseCreateInput = z.infer<typeof caseCreateInput>;

export const casePatchInput = caseFieldsPatch.extend({ custom: customInput.optional() });
export type CasePatchInput = z.infer<typeof casePatchInput>;

export const caseSortKeys = ['updatedAt', 'createdAt', 'title', 'value', 'closeDate', 'stage'] as const;

/**
 * [issue 17.4] A custom field as a list column or a sort key: `cf:<field id>`,
 * the key its value has in the case document's `fields`. Built-in names never
 * hold a colon, so the two never collide.
 */
export type CustomFieldKey = `cf:${string}`;
const customFieldKeyPattern = /^cf:[A-Za-z0-9_-]{1,64}$/;
export const isCustomFieldKey = (s: unknown): s is CustomFieldKey => typeof s === 'string' && customFieldKeyPattern.test(s);
export const customFieldIdOfKey = (key: CustomFieldKey): string => key.slice('cf:'.length);

/** What the case list sorts by: a built-in key, or a custom field's `cf:<id>` (the server checks the field exists for the asker). */
export type CaseSort = (typeof caseSortKeys)[number] | CustomFieldKey;
export const isCaseSort = (s: unknown): s is CaseSort => caseSortKeys.some((k) => k === s) || isCustomFieldKey(s);
export const caseSort = z.custom<CaseSort>(isCaseSort, { error: `must be one of ${caseSortKeys.join(', ')}, or cf:<custom field id>` });

export const caseListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(caseKinds).optional(),
  stage: z.string().trim().max(60).optional(),
  ownerId: z.string().max(64).optional(),
  /** [issue 17.3] A JSON object of custom field id to the value looked for (text and URLs: contains; a multi select: has the option). */
  custom: z.string().max(4000).optional(),
  sort: caseSort.default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(caseKinds),
  stage: z.string(),
  priority: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  account: z.string(),
  value: z.number().nullable(),
  currency: z.string(),
  closeDate: z.string().nullable(),
  /** [issue 17.3] Custom field values by field id (guests: only the shared fields'). */
  custom: z.record(z.string(), z.unknown()),
  private: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** [issue 15.6] Something happened on the case, by someone else, since the person last marked it read (lists only). */
  unread: z.boolean().optional(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseListResponse = z.object({
  cases: z.array(caseSummary),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
export type CaseListResponse = z.infer<typeof caseListResponse>;

export const caseMember = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  access: caseAccess,
  role: z.string().nullable(),
});
export type CaseMember = z.infer<typeof caseMember>;

export const caseDetail = caseSummary.extend({
  access: caseAccess,
  members: z.array(caseMember),
  docs: z.object({ team: z.string().nullable(), shared: z.string() }),
  /** [issue 17.3] The custom fields of this case's kind, in form order (guests: only the shared ones). */
  customFields: z.array(customFieldDefinition),
  /** [issue 17.5] This case was merged into that one: open it instead (its own documents are what was left behind). */
  mergedInto: z.string().nullable().optional(),
  /** Cases merged into this one that may still be undone (members only). */
  mergedFrom: z.array(mergedFrom).optional(),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const caseMemberInput = z
  .object({
    userId: z.string().min(1).max(64).optional(),
    email: z.string().trim().toLowerCase().max(254).optional(),
    access: caseAccess.default('editor'),
    role: z.string().trim().max(60).optional(),
  })
  .refine((v) => v.userId !== undefined || v.email !== undefined, {
    message: 'give userId or email',
  });
export type CaseMemberInput = z.infer<typeof caseMemberInput>;

export const workspaceMember = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  /** Whether they sign in with a second factor (so an admin can reset it). */
  twoFactor: z.boolean(),
});
export type WorkspaceMember = z.infer<typeof workspaceMember>;
export const workspaceMemberList = z.object({ members: z.array(workspaceMember) });
