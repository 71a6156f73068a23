import { expectationStatuses, promiseSides } from '@casehub/case-document';
import { z } from 'zod';

/** A promise made to the customer, or by them (DESIGN §3 `expectations`). */
export const expectationInput = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  ownerId: z.string().max(64).nullable().optional(),
  promisedTo: z.string().trim().max(200).default(''),
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' }),
  sourceActivityId: z.string().max(64).optional(),
  /** Promises the customer should see go into the shared document. */
  shared: z.boolean().default(false),
  /** DESIGN §3: who promised. Only the team's promises count in kept-promise rates. */
  side: z.enum(promiseSides).default('team'),
});

export const expectationPatch = z
  .object({
    status: z.enum(expectationStatuses).optional(),
    text: z.string().trim().min(1).max(2000).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    ownerId: z.string().max(64).nullable().optional(),
  })
  .strict();

export const expectationQuery = z.object({
  view: z.enum(['week', 'at-risk', 'missed', 'open', 'all']).default('all'),
  caseId: z.string().max(64).optional(),
});

/** A promise as the lists show it (GET /api/expectations). */
export const expectationRow = z.object({
  id: z.string(),
  caseId: z.string(),
  caseTitle: z.string(),
  account: z.string().nullable().optional(),
  side: z.string(),
  text: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  promisedTo: z.string().nullable(),
  dueAt: z.string(),
  status: z.enum(expectationStatuses),
});
export type ExpectationRow = z.infer<typeof expectationRow>;
export const expectationList = z.object({ expectations: z.array(expectationRow) });

const keptRate = z.object({ kept: z.number(), total: z.number(), rate: z.number().nullable() });
const keptRates = z.object({
  overall: keptRate,
  byOwner: z.array(keptRate.extend({ ownerId: z.string().nullable(), name: z.string().nullable() })),
  byAccount: z.array(keptRate.extend({ account: z.string().nullable() })),
});
const keptCount = z.object({ kept: z.number(), total: z.number() });
/** One series per side, each aligned with `months`: the promises settled that came due in that month. */
const sides = { team: z.array(keptCount), customer: z.array(keptCount) };
/**
 * Kept by us and kept by them, month by month (issue 15.2, "over time"):
 * promises counted in the month they came due, in the workspace's time zone.
 */
export const keptOverTime = z.object({
  /** `YYYY-MM`, oldest first, the current month last. */
  months: z.array(z.string()),
  timeZone: z.string(),
  overall: z.object(sides),
  byOwner: z.array(z.object({ ownerId: z.string().nullable(), name: z.string().nullable(), ...sides })),
  /** Empty for guests (an account is a team-only field). */
  byAccount: z.array(z.object({ account: z.string().nullable(), ...sides })),
});
export type KeptOverTime = z.infer<typeof keptOverTime>;
export const expectationStatsQuery = z.object({
  months: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(24).default(6),
});
/** Kept-promise rates (GET /api/expectations/stats): the team's promises, and apart, the customer's (issue 15.2), and both by month. */
export const expectationStats = keptRates.extend({ customer: keptRates, overTime: keptOverTime });
export type ExpectationStats = z.infer<typeof expectationStats>;
export const expectationCreated = z.object({ expectationId: z.string(), side: z.string() });

/** One notification of the signed-in person (GET /api/notifications). */
export const notification = z.object({
  id: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  activityId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;
export const notificationList = z.object({ unread: z.number(), notifications: z.array(notification) });
export type NotificationList = z.infer<typeof notificationList>;
