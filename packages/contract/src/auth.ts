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

/** `read`: GET requests and read-only sync sockets; `read-write`: whatever its person may do. */
export const tokenScope = z.enum(['read', 'read-write']);
export type TokenScope = z.infer<typeof tokenScope>;
export const tokenCreateInput = z.object({
  name: z.string().trim().min(1).max(120),
  scope: tokenScope.default('read-write'),
  /** When the token stops working (ISO 8601, in the future, at most 10 years away); never, when absent. */
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }).optional(),
});
export const tokenCreateResponse = z.object({ id: z.string(), token: z.string() });
/** An API token as lists show it: never its secret. */
export const tokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  userName: z.string(),
  scope: tokenScope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
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

/**
 * POST /api/auth/login when a second factor is due: no session yet, a
 * challenge (five minutes, five codes) to answer at POST /api/auth/login/2fa.
 * `setup`: the workspace requires two-factor sign-in and this person has none
 * yet; they enrol first (POST /api/auth/login/2fa/setup).
 */
export const twoFactorChallenge = z.object({
  twoFactor: z.object({ challenge: z.string(), mode: z.enum(['code', 'setup']) }),
});
export type TwoFactorChallenge = z.infer<typeof twoFactorChallenge>;
export const loginResponse = z.union([meResponse, twoFactorChallenge]);
export type LoginResponse = z.infer<typeof loginResponse>;

/** A six-digit code from an authenticator app, or a recovery code. */
export const twoFactorCode = z
  .string()
  .trim()
  .min(6, 'must be the 6-digit code from your authenticator app, or a recovery code')
  .max(32, 'must be the 6-digit code from your authenticator app, or a recovery code');
export const twoFactorLoginInput = z.object({ challenge: z.string().min(1).max(128), code: twoFactorCode });
export const twoFactorChallengeInput = z.object({ challenge: z.string().min(1).max(128) });
/** Ten single-use recovery codes, shown once. */
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
/** Signed in after the second factor; recovery codes when this sign-in enrolled it. */
export const twoFactorSignedIn = meResponse.extend({ recoveryCodes: z.array(z.string()).optional() });
/** What an authenticator app needs: the secret (base32), as an otpauth:// URL and as a QR code (SVG). */
export const totpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export type TotpSetup = z.infer<typeof totpSetup>;
export const totpConfirmInput = z.object({ code: twoFactorCode });
export const twoFactorStatus = z.object({
  enabled: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** The workspace requires it of members: it cannot be turned off. */
  required: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatus>;
export const twoFactorDisableInput = z.object({ password: z.string().min(1).max(256) });

/** What the sign-in page offers: single sign-on (with the provider's name) and whether anyone may sign up. */
export const authOptions = z.object({
  sso: z.object({ name: z.string() }).nullable(),
  signup: z.enum(['open', 'invite']),
});
export type AuthOptions = z.infer<typeof authOptions>;
export const oidcStartQuery = z.object({
  /** The app path to land on after signing in (a path on this server only). */
  returnTo: z.string().max(2000).optional(),
});

/** A domain name such as example.com (lower-case, no scheme, no @). */
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as example.com');
/** The workspace's sign-in rules (owners set them). */
export const workspaceSecurity = z.object({
  require2fa: z.boolean(),
  ssoOnly: z.boolean(),
  ssoDomains: z.array(domainSchema).max(50),
});
export type WorkspaceSecurity = z.infer<typeof workspaceSecurity>;
export const workspaceSecurityResponse = workspaceSecurity.extend({
  /** Whether this server has single sign-on configured (OIDC_ISSUER …), and the provider's name. */
  sso: z.object({ name: z.string() }).nullable(),
});
export const workspaceSecurityInput = workspaceSecurity.partial();

/** A signed-in browser session, as Account settings lists it. */
export const sessionSummary = z.object({
  id: z.string(),
  userAgent: z.string(),
  address: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;
export const sessionList = z.object({ sessions: z.array(sessionSummary) });
export const sessionsEnded = z.object({ ended: z.number().int() });

/** POST /api/invites/<token>/accept when a second factor is due (as at sign-in): joined, but no session until the code. */
export const inviteAcceptChallenge = twoFactorChallenge.extend({ caseId: z.string().nullable() });
export type InviteAcceptChallenge = z.infer<typeof inviteAcceptChallenge>;
export const inviteAcceptResult = z.union([inviteAcceptResponse, inviteAcceptChallenge]);
