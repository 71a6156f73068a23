import { z } from 'zod';

/** `GET /api/dashboard` query: how many weeks back, the current week included. */
export const dashboardQuery = z.object({
  weeks: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(52).default(12),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardResponse = z.object({
  /** The Monday (YYYY-MM-DD, in `timeZone`) that starts each week, oldest first. */
  weeks: z.array(z.string()),
  /** The workspace's time zone, which the weeks follow (UTC unless set in Settings → Business hours). */
  timeZone: z.string(),
  cases: z.object({
    open: z.number().int(),
    closed: z.number().int(),
    byStage: z.array(z.object({ kind: z.string(), stage: z.string(), count: z.number().int(), closed: z.boolean() })),
  }),
  /** Promises by the week they were due: kept and missed. */
  expectations: z.array(z.object({ week: z.string(), met: z.number().int(), missed: z.number().int() })),
  /**
   * How `firstResponse` minutes are counted: in the workspace's working time
   * when it counts the first-response clock in working time (Settings →
   * Business hours), else as elapsed time.
   */
  firstResponseTime: z.enum(['working', 'elapsed']),
  /** First responses to inbound messages, by the week the message arrived. */
  firstResponse: z.array(
    z.object({
      week: z.string(),
      responded: z.number().int(),
      medianMinutes: z.number().nullable(),
      p90Minutes: z.number().nullable(),
      breached: z.number().int(),
    }),
  ),
  /** Inbound messages scored as moments of truth, by the week of their stream entry. */
  momentsOfTruth: z.array(z.object({ week: z.string(), count: z.number().int() })),
});
export type DashboardResponse = z.infer<typeof dashboardResponse>;

export const digestFrequencies = ['off', 'daily', 'weekly'] as const;
export const digestPref = z.object({ frequency: z.enum(digestFrequencies) });
export type DigestPref = z.infer<typeof digestPref>;
export const digestPrefResponse = digestPref.extend({ lastSentAt: z.string().nullable() });
export type DigestPrefResponse = z.infer<typeof digestPrefResponse>;
