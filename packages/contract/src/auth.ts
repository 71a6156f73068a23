import { z } from 'zod';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** Long passphrases are welcome; 8 is the floor NIST SP 800-63B sets. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

const nameSchema = z.string().trim().min(1, 'must not be empty').max(120);

export const signupInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  workspaceName: nameSchema,
});
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export type LoginInput = z.infer<typeof loginInput>;

export const workspaceRole = z.enum(['owner', 'admin', 'member', 'guest']);
export type WorkspaceRole = z.infer<typeof workspaceRole>;

export const meResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  role: workspaceRole,
});
export type MeResponse = z.infer<typeof meResponse>;

export const tokenCreateInput = z.object({ name: z.string().trim().min(1).max(120) });
export const tokenCreateResponse = z.object({ id: z.string(), token: z.string() });
/** An API token as lists show it: never its secret. */
export const tokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  userName: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof tokenSummary>;
export const tokenList = z.object({ tokens: z.array(tokenSummary) });

export const caseAccess = z.enum(['editor', 'commenter', 'viewer']);
export type CaseAccess = z.infer<typeof caseAccess>;

export const inviteCreateInput = z.object({
  email: emailSchema,
  role: z.enum(['member', 'guest']).default('member'),
  caseId: z.string().min(1).max(64).optional(),
  access: caseAccess.optional(),
});
export type InviteCreateInput = z.infer<typeof inviteCreateInput>;

export const inviteCreateResponse = z.object({
  id: z.string(),
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  /** Whether the link was also emailed (only when outbound SMTP is configured). */
  emailed: z.enum(['sent', 'not-configured', 'failed']).optional(),
});
export type InviteCreateResponse = z.infer<typeof inviteCreateResponse>;

export const inviteAcceptInput = z.object({
  name: nameSchema.optional(),
  password: z.string().min(1).max(256),
});

export const invitePreview = z.object({
  email: z.string(),
  workspaceName: z.string(),
  role: z.enum(['member', 'guest']),
  existingUser: z.boolean(),
  expiresAt: z.string(),
  /** A guest invite's case, by title only: whoever holds the link learns nothing else of it. */
  caseTitle: z.string().nullable(),
});
export type InvitePreview = z.infer<typeof invitePreview>;

/** Who joined, and the case the invite was for (the page to open next), if any. */
export const inviteAcceptResponse = meResponse.extend({ caseId: z.string().nullable() });
export type InviteAcceptResponse = z.infer<typeof inviteAcceptResponse>;

export const passwordChangeInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

/** PATCH /api/workspace/members/<userId>: an owner or admin changes a member's role. */
export const memberRoleInput = z.object({ role: workspaceRole });

/** An invite not accepted yet (GET /api/invites). */
export const pendingInvite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  caseId: z.string().nullable(),
  access: caseAccess.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type PendingInvite = z.infer<typeof pendingInvite>;
export const pendingInvites = z.object({ invites: z.array(pendingInvite) });
export const inviteListQuery = z.object({ caseId: z.string().max(64).optional() });

/** POST /api/auth/password-reset: the same answer whether or not the address has an account. */
export const passwordResetRequest = z.object({ email: emailSchema });
export const passwordResetRequested = z.object({
  /** False when the server has no outbound mail: no link can be mailed, an admin issues one from the Members page. */
  mailConfigured: z.boolean(),
});
export const passwordResetInput = z.object({ password: passwordSchema });
/** A reset link an owner or admin issues for a member (Members page), to pass on themselves. */
export const passwordResetLink = z.object({ url: z.string(), expiresAt: z.string() });
