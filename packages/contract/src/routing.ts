import { caseKinds } from '@casehub/case-document';
import { z } from 'zod';

const id = z.string().min(1).max(64);

/**
 * What an inbound message must match for a routing rule to apply: every
 * condition given (none given: every message). Keywords match whole words or
 * phrases, case-insensitively, in the subject or the body.
 */
export const routingConditions = z
  .object({
    keywords: z.array(z.string().trim().min(1, 'a keyword must not be empty').max(80)).max(50).optional(),
    /** A tag on the sender's contact or their account. */
    segment: z.string().trim().min(1).max(60).optional(),
    accountId: id.optional(),
    /** The sender's address ends with @ this domain (or a subdomain of it). */
    senderDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as example.com')
      .optional(),
  })
  .strict();
export type RoutingConditions = z.infer<typeof routingConditions>;

/** Who owns a message a rule matched. */
export const routingAssignee = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: id }),
  z.object({ type: z.literal('round-robin'), teamId: id }),
  z.object({ type: z.literal('account-owner') }),
]);
export type RoutingAssignee = z.infer<typeof routingAssignee>;

export const routingAction = z
  .object({
    assign: routingAssignee,
    /** Where the message goes when neither its address, its thread nor its sender placed it. */
    caseId: id.nullable().default(null),
  })
  .strict();
export type RoutingAction = z.infer<typeof routingAction>;

export const routingRuleInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  enabled: z.boolean().default(true),
  conditions: routingConditions,
  action: routingAction,
});
export type RoutingRuleInput = z.infer<typeof routingRuleInput>;

export const routingRulePatch = routingRuleInput.partial().strict();

export const routingRule = routingRuleInput.extend({ id: z.string(), position: z.number().int() });
export type RoutingRule = z.infer<typeof routingRule>;

export const routingRulesResponse = z.object({ rules: z.array(routingRule) });
export const routingReorderInput = z.object({ ids: z.array(id).max(500) });

export const routingTeamInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  memberIds: z.array(id).max(200),
});
export const routingTeam = routingTeamInput.extend({ id: z.string() });
export type RoutingTeam = z.infer<typeof routingTeam>;
export const routingTeamsResponse = z.object({ teams: z.array(routingTeam) });

/** How routing placed an inbound message; recorded on the email and its stream entry. */
export const routingHows = ['case-address', 'direct', 'thread', 'contact', 'rule', 'triage'] as const;
export const routingDecision = z.object({
  how: z.enum(routingHows),
  ruleId: z.string().nullable(),
  /** "Routed to Dana by rule 'EMEA renewals'". */
  reason: z.string(),
});
export type RoutingDecision = z.infer<typeof routingDecision>;

/** First-response targets per case kind, in minutes. */
export const responseTargets = z.object(
  Object.fromEntries(
    caseKinds.map((k) => [
      k,
      z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 90),
    ]),
  ) as Record<(typeof caseKinds)[number], z.ZodNumber>,
);
export type ResponseTargets = z.infer<typeof responseTargets>;
export const defaultResponseTargets: ResponseTargets = { deal: 24 * 60, support: 4 * 60 };
