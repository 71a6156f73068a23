import { z } from 'zod';
import { emailSchema } from './auth.js';

/** A contact's part in a deal or a problem: the columns of the stakeholder map. */
export const stakeholderRoles = ['decision-maker', 'champion', 'influencer', 'blocker', 'user'] as const;
export const stakeholderRole = z.enum(stakeholderRoles, {
  message: `must be one of ${stakeholderRoles.join(', ')}`,
});
export type StakeholderRole = z.infer<typeof stakeholderRole>;

/** Segments: free-form labels on accounts and contacts ("EMEA", "renewal 2027"). */
export const tagSchema = z.string().trim().min(1, 'a tag must not be empty').max(40, 'a tag is at most 40 characters');
const tagList = z
  .array(tagSchema)
  .max(20, 'at most 20 tags')
  .transform((tags) => [...new Set(tags)]);

/** `acme.com`, also accepted as `@acme.com` or `ACME.com`; stored lower case. */
export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ''))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain such as acme.com'));

const idParam = z.string().min(1).max(64);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const accountInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  domains: z
    .array(domainSchema)
    .max(20, 'at most 20 domains')
    .transform((d) => [...new Set(d)])
    .default([]),
  ownerId: idParam.nullable().optional(),
  tags: tagList.default([]),
  notes: z.string().max(10_000).default(''),
});
export type AccountInput = z.input<typeof accountInput>;

export const accountPatch = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    domains: z
      .array(domainSchema)
      .max(20, 'at most 20 domains')
      .transform((d) => [...new Set(d)]),
    ownerId: idParam.nullable(),
    tags: tagList,
    notes: z.string().max(10_000),
  })
  .partial()
  .strict();
export type AccountPatch = z.input<typeof accountPatch>;

export const accountListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tag: tagSchema.optional(),
  limit,
  offset,
});
export type AccountListQuery = z.infer<typeof accountListQuery>;

export const accountSummary = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  contactCount: z.number(),
  /** Set when this account was merged into another: follow it there. */
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AccountSummary = z.infer<typeof accountSummary>;

export const accountListResponse = z.object({
  accounts: z.array(accountSummary),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
export type AccountListResponse = z.infer<typeof accountListResponse>;

export const contactInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  title: z.string().trim().max(200).default(''),
  phone: z.string().trim().max(60).default(''),
  accountId: idParam.nullable().optional(),
  /** Every address the person writes from; the first is the primary one. */
  emails: z
    .array(emailSchema)
    .max(20, 'at most 20 addresses')
    .transform((e) => [...new Set(e)])
    .default([]),
  tags: tagList.default([]),
  notes: z.string().max(10_000).default(''),
});
export type ContactInput = z.input<typeof contactInput>;

export const contactPatch = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    title: z.string().trim().max(200),
    phone: z.string().trim().max(60),
    accountId: idParam.nullable(),
    emails: z
      .array(emailSchema)
      .max(20, 'at most 20 addresses')
      .transform((e) => [...new Set(e)]),
    tags: tagList,
    notes: z.string().max(10_000),
  })
  .partial()
  .strict();
export type ContactPatch = z.input<typeof contactPatch>;

export const contactListQuery = z.object({
  /** Substring of the name, an address or the title. */
  q: z.string().trim().max(200).optional(),
  tag: tagSchema.optional(),
  accountId: idParam.optional(),
  limit,
  offset,
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const contactSummary = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  phone: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  /** Primary address first. */
  emails: z.array(z.string()),
  tags: z.array(z.string()),
  notes: z.string(),
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactSummary = z.infer<typeof contactSummary>;

export const contactListResponse = z.object({
  contacts: z.array(contactSummary),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
export type ContactListResponse = z.infer<typeof contactListResponse>;

export const caseRef = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  stage: z.string(),
  private: z.boolean(),
  updatedAt: z.string(),
});
export type CaseRef = z.infer<typeof caseRef>;

export const accountDetail = accountSummary.extend({
  contacts: z.array(contactSummary),
  /** Cases whose account field holds this account's name, as far as you may see them. */
  cases: z.array(caseRef),
});
export type AccountDetail = z.infer<typeof accountDetail>;

export const mergeInput = z.object({ otherId: idParam });
export type MergeInput = z.infer<typeof mergeInput>;

export const contactHistoryEmail = z.object({
  id: z.string(),
  caseId: z.string(),
  caseTitle: z.string(),
  activityId: z.string().nullable(),
  threadId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  subject: z.string(),
  fromAddress: z.string(),
  fromName: z.string(),
  at: z.string(),
});
export type ContactHistoryEmail = z.infer<typeof contactHistoryEmail>;

export const contactHistory = z.object({
  contact: contactSummary,
  cases: z.array(caseRef.extend({ role: stakeholderRole, influence: z.number() })),
  /** Every email from or to one of the contact's addresses on a case you may see, newest first. */
  emails: z.array(contactHistoryEmail),
});
export type ContactHistory = z.infer<typeof contactHistory>;

export const stakeholderInput = z.object({
  role: stakeholderRole,
  influence: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').default(3),
});
export type StakeholderInput = z.input<typeof stakeholderInput>;

export const stakeholder = z.object({
  contactId: z.string(),
  name: z.string(),
  title: z.string(),
  emails: z.array(z.string()),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  role: stakeholderRole,
  influence: z.number(),
});
export type Stakeholder = z.infer<typeof stakeholder>;
export const stakeholderListResponse = z.object({ stakeholders: z.array(stakeholder) });

export const savedFilterTargets = ['accounts', 'contacts'] as const;
/** What a saved filter remembers: the list's own query parameters. */
export const savedFilterQuery = z
  .object({ q: z.string().trim().max(200), tag: tagSchema, accountId: idParam })
  .partial()
  .strict();
export const savedFilterInput = z.object({
  target: z.enum(savedFilterTargets, { message: 'must be accounts or contacts' }),
  name: z.string().trim().min(1, 'must not be empty').max(80),
  query: savedFilterQuery,
});
export type SavedFilterInput = z.input<typeof savedFilterInput>;
export const savedFilter = z.object({
  id: z.string(),
  target: z.enum(savedFilterTargets),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type SavedFilter = z.infer<typeof savedFilter>;
export const savedFilterListQuery = z.object({ target: z.enum(savedFilterTargets).optional() });
export const savedFilterListResponse = z.object({ filters: z.array(savedFilter) });
