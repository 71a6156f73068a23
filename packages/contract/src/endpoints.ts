import { z } from 'zod';
import { entryEditInput, entryRemoved, entryRestored, noteCreated, noteInput, searchQuery, searchResponse, shareInput, shareResponse } from './activity.js';
import { auditList, auditQuery } from './audit.js';
import { csvImportQuery, csvImportResult, csvPreview } from './csv.js';
import { caseViews, seenInput, sinceSummary, swarmInput, swarmQuery, swarmResult, swarmSuggestions } from './visits.js';
import { savedReply, savedReplyInput, savedReplyList, savedReplyPatch } from './saved-replies.js';
import {
  applyTemplateInput,
  applyTemplateResult,
  planTemplate,
  planTemplateInput,
  planTemplateList,
  planTemplatePatch,
  saveCasePlanInput,
} from './plan-templates.js';
import {
  inviteAcceptInput,
  inviteAcceptResult,
  inviteCreateInput,
  inviteCreateResponse,
  inviteListQuery,
  invitePreview,
  loginInput,
  meResponse,
  memberRoleInput,
  passwordChangeInput,
  passwordResetInput,
  passwordResetLink,
  passwordResetRequest,
  passwordResetRequested,
  pendingInvites,
  signupInput,
  tokenCreateInput,
  tokenCreateResponse,
  tokenList,
  authOptions,
  loginResponse,
  oidcStartQuery,
  recoveryCodes,
  sessionList,
  sessionsEnded,
  totpConfirmInput,
  totpSetup,
  twoFactorChallengeInput,
  twoFactorDisableInput,
  twoFactorLoginInput,
  twoFactorSignedIn,
  twoFactorStatus,
  workspaceSecurityInput,
  workspaceSecurityResponse,
} from './auth.js';
import { caseCreateInput, caseDetail, caseListQuery, caseListResponse, caseMemberInput, casePatchInput, workspaceMemberList } from './cases.js';
import {
  accountDetail,
  accountInput,
  accountListQuery,
  accountListResponse,
  accountPatch,
  accountSummary,
  contactHistory,
  contactInput,
  contactListQuery,
  contactListResponse,
  contactPatch,
  contactSummary,
  mergeInput,
  savedFilter,
  savedFilterInput,
  savedFilterListQuery,
  savedFilterListResponse,
  stakeholder,
  stakeholderInput,
  stakeholderListResponse,
} from './contacts.js';
import { dashboardQuery, dashboardResponse, digestPref, digestPrefResponse } from './dashboard.js';
import {
  emailDetail,
  emailImportForm,
  emailImportJob,
  emailImportList,
  emailImportResponse,
  emailIngestResponse,
  emailReplyInput,
  emailReplyResponse,
  emailSendInput,
  emailThread,
  mailAddressResponse,
  outboxResponse,
  rawEmailBody,
  triageCaseInput,
  triageCountResponse,
  triageFileInput,
  triageFileResponse,
  triageListQuery,
  triageListResponse,
  triageSpamResponse,
} from './emails.js';
import {
  expectationCreated,
  expectationInput,
  expectationList,
  expectationPatch,
  expectationQuery,
  expectationStats,
  expectationStatsQuery,
  notificationList,
} from './expectations.js';
import { fileMeta, fileUploadForm, fileUploadResponse } from './files.js';
import { businessHours } from './business-hours.js';
import {
  responseTargets,
  routingReorderInput,
  routingRule,
  routingRuleInput,
  routingRulePatch,
  routingRulesResponse,
  routingTeam,
  routingTeamInput,
  routingTeamsResponse,
} from './routing.js';
import { versionDetail, versionListQuery, versionListResponse } from './versions.js';
import { pipelineInput, pipelineList, pipelineSaved } from './pipelines.js';
import { customFieldList, customFieldsInput, customFieldsSaved } from './custom-fields.js';
import { mergeCaseInput, mergeResult, mergeUndoResult, splitCaseInput, splitResult } from './merge.js';
import { savedView, savedViewList, viewInput, viewPatch } from './views.js';
import { mailboxCreated, mailboxCreateInput, mailboxList, mailboxSenders, mailboxTestResult } from './mailboxes.js';
import { webhookCreateInput, webhookCreated, webhookDeliveries, webhookDeliveriesQuery, webhookList, webhookResent } from './webhooks.js';

/** Who may call an endpoint at all; case-level access (editor, commenter, viewer, guest) is checked on top. */
export type EndpointAccess = 'public' | 'signed-in' | 'members' | 'admins' | 'owner';

export type Endpoint = {
  access: EndpointAccess;
  summary: string;
  body?: z.ZodType;
  /** The body's media type when it is not JSON. */
  bodyType?: string;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** A response that is not JSON (file bytes, an archive, a page): its media type. */
  responseType?: string;
  /** The success status, 200 unless given. */
  status?: number;
};

/** What POST /api/import answers. */
export const importResult = z.object({
  workspaceId: z.string(),
  cases: z.number().int(),
  emails: z.number().int(),
  files: z.number().int(),
  contacts: z.number().int(),
  accounts: z.number().int(),
  documents: z.number().int(),
  notEnrolled: z.array(z.string()),
});

/**
 * Every HTTP endpoint, declared once: "METHOD /path" (OpenAPI's {param}
 * form) with who may call it and the zod schemas of its query, body and
 * answer. The server builds GET /api/openapi.json from this table and a
 * test fails when a mounted route is missing from it (or it names a route
 * that is not mounted); the routes parse their input with these schemas.
 */
export const endpoints = {
  'GET /api/health': { access: 'public', summary: 'The server and its database answer', response: z.object({ ok: z.literal(true), db: z.string() }) },
  'POST /api/auth/signup': {
    access: 'public',
    summary: 'Create a user and a workspace they own; sets the session cookie',
    body: signupInput,
    response: meResponse,
    status: 201,
  },
  'POST /api/auth/login': {
    access: 'public',
    summary:
      'Sign in; sets the session cookie. When a second factor is due, no session yet: a challenge to answer at POST /api/auth/login/2fa (mode setup: the workspace requires two-factor sign-in and the person enrols first)',
    body: loginInput,
    response: loginResponse,
  },
  'POST /api/auth/login/2fa': {
    access: 'public',
    summary:
      'Finish a sign-in with the code from an authenticator app (each code once) or a recovery code (each once); sets the session cookie. After an enrolment at sign-in, answers the ten recovery codes once',
    body: twoFactorLoginInput,
    response: twoFactorSignedIn,
  },
  'POST /api/auth/login/2fa/setup': {
    access: 'public',
    summary: 'For a sign-in challenge in setup mode: the authenticator secret to enrol (as otpauth:// URL and QR code)',
    body: twoFactorChallengeInput,
    response: totpSetup,
  },
  'GET /api/auth/options': {
    access: 'public',
    summary: 'What the sign-in page offers: single sign-on (and its name), open or invite-only sign-up',
    response: authOptions,
  },
  'GET /api/auth/oidc/start': {
    access: 'public',
    summary:
      'Single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET): redirects to the identity provider (authorization code flow with PKCE, state and nonce)',
    query: oidcStartQuery,
    status: 302,
  },
  'GET /api/auth/oidc/callback': {
    access: 'public',
    summary:
      'Where the identity provider sends the person back: signs in the member with that verified email (or a new member of a workspace that admits their domain) and redirects into the app; a refusal redirects to the sign-in page with the reason',
    status: 302,
  },
  'GET /api/me/2fa': {
    access: 'signed-in',
    summary: 'Whether you sign in with a second factor, recovery codes left, and whether your workspace requires it',
    response: twoFactorStatus,
  },
  'POST /api/me/2fa/setup': {
    access: 'signed-in',
    summary: 'Start enrolling an authenticator app: a new secret (as otpauth:// URL and QR code), live once confirmed',
    response: totpSetup,
  },
  'POST /api/me/2fa/confirm': {
    access: 'signed-in',
    summary: 'Confirm the enrolment with a code from the app; answers ten single-use recovery codes, shown once',
    body: totpConfirmInput,
    response: recoveryCodes,
  },
  'DELETE /api/me/2fa': {
    access: 'signed-in',
    summary: 'Turn two-factor sign-in off (with your password); refused when the workspace requires it',
    body: twoFactorDisableInput,
    status: 204,
  },
  'DELETE /api/workspace/members/{userId}/2fa': {
    access: 'admins',
    summary: "Reset a member's two-factor sign-in (they lost their device); their sessions end; audited",
    status: 204,
  },
  'GET /api/workspace/security': {
    access: 'admins',
    summary: "The workspace's sign-in rules: two-factor required, SSO only, SSO domains",
    response: workspaceSecurityResponse,
  },
  'PUT /api/workspace/security': {
    access: 'owner',
    summary:
      "Change the sign-in rules (owners). Requiring two-factor sign-in ends the sessions of members without it; SSO only refuses members' passwords (guests keep theirs)",
    body: workspaceSecurityInput,
    response: workspaceSecurityResponse,
  },
  'GET /api/sessions': {
    access: 'signed-in',
    summary: 'Your signed-in sessions: device, address, when last seen, and which one is this',
    response: sessionList,
  },
  'DELETE /api/sessions/{id}': { access: 'signed-in', summary: 'Sign out one of your sessions; its sockets close', status: 204 },
  'POST /api/sessions/sign-out-others': { access: 'signed-in', summary: 'Sign out every session of yours but this one', response: sessionsEnded },
  'POST /api/auth/logout': { access: 'public', summary: 'Sign out; ends the session and its sync connections', status: 204 },
  'POST /api/auth/password-reset': {
    access: 'public',
    summary:
      'Ask for a password reset link: always 202, whether or not the address has an account; the link (single use, valid 1 hour) is mailed over SMTP_URL',
    body: passwordResetRequest,
    response: passwordResetRequested,
    status: 202,
  },
  'POST /api/auth/password-reset/{token}': {
    access: 'public',
    summary: 'Set a new password with a reset link: ends every session of that person and closes their sockets',
    body: passwordResetInput,
    status: 204,
  },
  'POST /api/workspace/members/{userId}/password-reset': {
    access: 'admins',
    summary: 'Issue a reset link for a member, to pass on yourself (owners for anyone, admins for members and guests; audited)',
    response: passwordResetLink,
    status: 201,
  },
  'GET /api/me': { access: 'signed-in', summary: 'The signed-in person, their workspace and role', response: meResponse },
  'POST /api/tokens': { access: 'signed-in', summary: 'Create an API token (shown once)', body: tokenCreateInput, response: tokenCreateResponse, status: 201 },
  'GET /api/tokens': {
    access: 'signed-in',
    summary: 'Live API tokens, without their secrets: your own, or every one of the workspace for owners and admins',
    response: tokenList,
  },
  'DELETE /api/tokens/{id}': {
    access: 'signed-in',
    summary: 'Revoke an API token (yours, or any of the workspace for owners and admins): it stops working at once and its sync sockets close',
    status: 204,
  },
  'GET /api/workspace/members': { access: 'members', summary: 'Members of the workspace', response: workspaceMemberList },
  'POST /api/invites': {
    access: 'signed-in',
    summary: 'Invite a member, or a guest to one case',
    body: inviteCreateInput,
    response: inviteCreateResponse,
    status: 201,
  },
  'GET /api/invites/{token}': { access: 'public', summary: 'What an invite is for', response: invitePreview },
  'POST /api/invites/{token}/accept': {
    access: 'public',
    summary: 'Accept an invite (creates the account if new); sets the session cookie',
    body: inviteAcceptInput,
    response: inviteAcceptResult,
  },
  'GET /api/cases': { access: 'signed-in', summary: 'Cases you may see, filtered, sorted and paged', query: caseListQuery, response: caseListResponse },
  'POST /api/cases': { access: 'signed-in', summary: 'Create a case', body: caseCreateInput, response: caseDetail, status: 201 },
  'GET /api/cases/{id}': { access: 'signed-in', summary: 'One case', response: caseDetail },
  'PATCH /api/cases/{id}': {
    access: 'signed-in',
    summary: "Change a case's fields (same effect as editing the document)",
    body: casePatchInput,
    response: caseDetail,
  },
  'POST /api/cases/{id}/merge': {
    access: 'members',
    summary:
      'Merge this case (a duplicate) into another: its stream, emails and threads, files, promises, plan steps, team and guests move; it then answers GET with mergedInto. Editors of both cases; undoable for a day',
    body: mergeCaseInput,
    response: mergeResult,
  },
  'POST /api/cases/{id}/merge/undo': {
    access: 'members',
    summary: "Undo this case's merge (within a day): what moved goes back as it is now, people the merge added leave the other case",
    response: mergeUndoResult,
  },
  'POST /api/cases/{id}/split': {
    access: 'members',
    summary: 'Move an email thread (threadId), or stream entries (activityIds), into a new case with this title; editors of the case',
    body: splitCaseInput,
    response: splitResult,
    status: 201,
  },
  'POST /api/cases/{id}/visit': {
    access: 'signed-in',
    summary: 'Record that you opened the case; answers what others changed since you last marked it read (guests: only the shared side)',
    response: sinceSummary,
  },
  'POST /api/cases/{id}/seen': { access: 'signed-in', summary: "Mark the case read up to `through` (the summary's)", body: seenInput, status: 204 },
  'GET /api/cases/{id}/views': {
    access: 'members',
    summary: 'Who opened the case, and which of its files and emails, when (the team only)',
    response: caseViews,
  },
  'GET /api/cases/{id}/swarm': {
    access: 'members',
    summary: 'Who is best placed to help with a flagged message of the case, ranked from the workspace history, each with the reasons',
    query: swarmQuery,
    response: swarmSuggestions,
  },
  'POST /api/cases/{id}/swarm': {
    access: 'members',
    summary: 'Ask people to help with a flagged message: they join the case team as editors and are notified',
    body: swarmInput,
    response: swarmResult,
  },
  'POST /api/cases/{id}/members': {
    access: 'signed-in',
    summary: 'Add a person to the case team, or change their access',
    body: caseMemberInput,
    response: caseDetail,
  },
  'DELETE /api/cases/{id}/members/{userId}': { access: 'signed-in', summary: 'Remove a person from the case team', status: 204 },
  'POST /api/cases/{id}/files': {
    access: 'signed-in',
    summary: `Upload a file (multipart field "file"; at most MAX_UPLOAD_MB, else 413); PDF text is extracted in the background. A guest with commenter or editor access adds it to the shared side (the team is told); a viewer gets 403`,
    body: fileUploadForm,
    bodyType: 'multipart/form-data',
    response: fileUploadResponse,
    status: 201,
  },
  'GET /api/files/{id}': { access: 'signed-in', summary: "A file's metadata, with the state of its text extraction", response: fileMeta },
  'GET /api/files/{id}/content': {
    access: 'signed-in',
    summary: "A file's bytes; honours Range (206) and If-None-Match (ETag is the SHA-256)",
    responseType: 'application/octet-stream',
  },
  'POST /api/cases/{id}/emails': {
    access: 'signed-in',
    summary: 'Ingest one raw email into the case (201; 200 with duplicate: true if already stored); unparseable mail is kept raw with parseError',
    body: rawEmailBody,
    bodyType: 'message/rfc822',
    response: emailIngestResponse,
    status: 201,
  },
  'POST /api/cases/{id}/emails/import': {
    access: 'signed-in',
    summary:
      'Import .eml and .mbox files (multipart, field "file", repeatable): up to 100 messages, what was imported, skipped as duplicate, or failed and why; more are imported as a job, answered 202 with {import} (its progress)',
    body: emailImportForm,
    bodyType: 'multipart/form-data',
    response: emailImportResponse,
  },
  'GET /api/cases/{id}/emails/imports': {
    access: 'signed-in',
    summary: "The case's recent email imports (jobs), newest first, with their progress",
    response: emailImportList,
  },
  'GET /api/cases/{id}/emails/imports/{importId}': {
    access: 'signed-in',
    summary: 'One email import: state (queued, running, done, cancelled, failed), total, imported, duplicates, failed, the first failures',
    response: emailImportJob,
  },
  'POST /api/cases/{id}/emails/imports/{importId}/cancel': {
    access: 'signed-in',
    summary: 'Cancel an import between batches; what is stored stays',
    response: emailImportJob,
  },
  'POST /api/cases/{id}/emails/imports/{importId}/resume': {
    access: 'signed-in',
    summary: 'Resume a cancelled import from where it stopped (nothing is stored twice)',
    response: emailImportJob,
  },
  'GET /api/cases/{id}/address': { access: 'signed-in', summary: "The case's inbound email address (case-<token>@MAIL_DOMAIN)", response: mailAddressResponse },
  'GET /api/cases/{id}/outbox': {
    access: 'signed-in',
    summary: 'Replies from this case not sent yet: queued or failed, with the reason',
    response: outboxResponse,
  },
  'GET /api/emails/{id}': {
    access: 'signed-in',
    summary: 'An email: headers, text, sanitized HTML (remote images in data-remote-src), attachments',
    response: emailDetail,
  },
  'GET /api/emails/{id}/raw': { access: 'signed-in', summary: 'The raw source of an email', responseType: 'message/rfc822' },
  'POST /api/cases/{id}/emails/send': {
    access: 'signed-in',
    summary:
      'A new email from the case (editors): to, cc, bcc (addresses or Name <address>), subject, text, optional HTML, files of the case attached; inReplyTo (an email of the case, by id or Message-ID) joins its thread. Sent over SMTP_URL in the background, kept in the outbox until sent',
    body: emailSendInput,
    response: emailReplyResponse,
    status: 201,
  },
  'POST /api/emails/{id}/reply': {
    access: 'signed-in',
    summary: 'Reply from the case (editor); sent over SMTP_URL in the background, kept in the outbox until sent',
    body: emailReplyInput,
    response: emailReplyResponse,
    status: 201,
  },
  'POST /api/emails/{id}/retry': {
    access: 'signed-in',
    summary: 'Send a failed reply again',
    response: emailReplyResponse.pick({ emailId: true, sendStatus: true }),
  },
  'GET /api/threads/{threadId}': { access: 'signed-in', summary: 'An email conversation, oldest first (the emails you may see)', response: emailThread },
  'GET /api/triage/address': { access: 'members', summary: "The workspace's inbound address for the triage queue", response: mailAddressResponse },
  'GET /api/triage/emails': { access: 'members', summary: 'Emails waiting to be filed onto a case', query: triageListQuery, response: triageListResponse },
  'POST /api/triage/emails': {
    access: 'members',
    summary: 'Put one raw email in the triage queue (or onto the case whose thread it replies to)',
    body: rawEmailBody,
    bodyType: 'message/rfc822',
    response: emailIngestResponse,
    status: 201,
  },
  'POST /api/triage/emails/{id}/file': {
    access: 'members',
    summary:
      'File a triage email onto a case you may add to: its stream entry (with the first-response clock), its attachments and the rest of its thread waiting in triage follow',
    body: triageFileInput,
    response: triageFileResponse,
  },
  'POST /api/triage/emails/{id}/case': {
    access: 'members',
    summary: 'A new case from a triage email (title: the subject unless given), the email filed into it',
    body: triageCaseInput,
    response: triageFileResponse.extend({ title: z.string() }),
    status: 201,
  },
  'PUT /api/triage/emails/{id}/spam': {
    access: 'members',
    summary: 'Mark a triage email as spam: hidden from the triage list and count (audited)',
    response: triageSpamResponse,
  },
  'DELETE /api/triage/emails/{id}/spam': { access: 'members', summary: 'Take a triage email back from spam (audited)', response: triageSpamResponse },
  'GET /api/triage/count': { access: 'members', summary: 'How many emails wait in triage (spam left out)', response: triageCountResponse },
  'GET /api/cases/{id}/versions': {
    access: 'signed-in',
    summary: 'Versions of the plan or a note body (target=plan|note:<activityId>) of one document, newest first',
    query: versionListQuery,
    response: versionListResponse,
  },
  'GET /api/versions/{id}': {
    access: 'signed-in',
    summary: 'One version: its plain text and the Yjs state to restore from (restore happens in the live document)',
    response: versionDetail,
  },
  'POST /api/auth/password': {
    access: 'signed-in',
    summary: 'Change your password; ends your other sessions and their sockets',
    body: passwordChangeInput,
    status: 204,
  },
  'GET /api/invites': {
    access: 'signed-in',
    summary: 'Pending invites (all for admins, else the ones you sent), of one case with caseId',
    query: inviteListQuery,
    response: pendingInvites,
  },
  'DELETE /api/invites/{id}': { access: 'signed-in', summary: 'Revoke a pending invite', status: 204 },
  'PATCH /api/workspace/members/{userId}': {
    access: 'admins',
    summary: "Change a member's role (owners and admins)",
    body: memberRoleInput,
    response: workspaceMemberList,
  },
  'DELETE /api/workspace/members/{userId}': { access: 'admins', summary: 'Remove a member: ends their sessions, tokens and sockets', status: 204 },
  'POST /api/cases/{id}/notes': {
    access: 'signed-in',
    summary: 'Add a note, call or meeting (commenters and guests too; a guest note is shared)',
    body: noteInput,
    status: 201,
    response: noteCreated,
  },
  'POST /api/cases/{id}/activity/{activityId}/share': {
    access: 'signed-in',
    summary: 'Share an entry (or an email thread) with the case guests',
    body: shareInput,
    response: shareResponse,
  },
  'DELETE /api/cases/{id}/activity/{activityId}/share': { access: 'signed-in', summary: 'Stop sharing an entry', status: 204 },
  'DELETE /api/cases/{id}/activity/{activityId}': {
    access: 'signed-in',
    summary: "Delete an entry (its author, an admin or an owner): out of the stream, search and the guests' copy; undo with restore",
    response: entryRemoved,
  },
  'POST /api/cases/{id}/activity/{activityId}/restore': {
    access: 'signed-in',
    summary: 'Restore a deleted entry (shared again if deleting it un-shared it)',
    response: entryRestored,
  },
  'PATCH /api/cases/{id}/activity/{activityId}': { access: 'signed-in', summary: 'Its author rewrites a note, call or meeting', body: entryEditInput },
  'POST /api/cases/{id}/expectations': {
    access: 'signed-in',
    summary: 'Record a promise made to the customer',
    body: expectationInput,
    status: 201,
    response: expectationCreated,
  },
  'PATCH /api/cases/{id}/expectations/{eid}': {
    access: 'signed-in',
    summary: 'Change a promise (met, text, due date, owner)',
    body: expectationPatch,
    status: 204,
  },
  'GET /api/expectations': {
    access: 'signed-in',
    summary: 'Promises across the workspace: due this week, at risk, missed, open, all',
    query: expectationQuery,
    response: expectationList,
  },
  'GET /api/routing/rules': { access: 'members', summary: 'Routing rules in the order they are tried (members)', response: routingRulesResponse },
  'POST /api/routing/rules': {
    access: 'admins',
    summary: 'Add a routing rule at the end (owners and admins)',
    body: routingRuleInput,
    response: routingRule,
    status: 201,
  },
  'PATCH /api/routing/rules/{id}': { access: 'admins', summary: 'Change a routing rule (owners and admins)', body: routingRulePatch, response: routingRule },
  'DELETE /api/routing/rules/{id}': { access: 'admins', summary: 'Delete a routing rule (owners and admins)', status: 204 },
  'POST /api/routing/rules/reorder': {
    access: 'admins',
    summary: 'Put every rule in a new order (owners and admins)',
    body: routingReorderInput,
    response: routingRulesResponse,
  },
  'GET /api/routing/teams': { access: 'members', summary: 'Named teams that rules hand messages to in turn', response: routingTeamsResponse },
  'POST /api/routing/teams': { access: 'admins', summary: 'Create a team (owners and admins)', body: routingTeamInput, response: routingTeam, status: 201 },
  'PUT /api/routing/teams/{id}': {
    access: 'admins',
    summary: 'Rename a team or change who is in it (owners and admins)',
    body: routingTeamInput,
    response: routingTeam,
  },
  'DELETE /api/routing/teams/{id}': { access: 'admins', summary: 'Delete a team no rule uses (owners and admins)', status: 204 },
  'GET /api/settings/response-targets': { access: 'members', summary: 'First-response targets per case kind, in minutes', response: responseTargets },
  'PUT /api/settings/response-targets': {
    access: 'admins',
    summary: 'Change the first-response targets (owners and admins)',
    body: responseTargets,
    response: responseTargets,
  },
  'GET /api/settings/business-hours': {
    access: 'members',
    summary: 'The workspace time zone, working hours per weekday, holidays, and which clocks count only working time',
    response: businessHours,
  },
  'PUT /api/settings/business-hours': {
    access: 'admins',
    summary: 'Change the business hours (owners and admins); new clocks and the next promise tick use them',
    body: businessHours,
    response: businessHours,
  },
  'GET /api/settings/pipelines': {
    access: 'members',
    summary: "Each kind's stages in board order, with what each means (open, won, lost, solved); stages in use before pipelines existed are kept",
    response: pipelineList,
  },
  'PUT /api/settings/pipelines/{kind}': {
    access: 'admins',
    summary:
      "Replace a kind's stages (owners and admins): a stage keeping its id under a new name is renamed and its cases follow; a deleted stage's cases move to moves[id], through each case's document",
    body: pipelineInput,
    response: pipelineSaved,
  },
  'GET /api/settings/custom-fields': {
    access: 'members',
    summary: "Each kind's custom fields in form order: label, type, options, required, and whether guests see it",
    response: customFieldList,
  },
  'PUT /api/settings/custom-fields/{kind}': {
    access: 'admins',
    summary:
      "Replace a kind's custom fields (owners and admins): a field keeping its id is changed in place and keeps its values; a field's type cannot change; a shared field's values reach the guests' document",
    body: customFieldsInput,
    response: customFieldsSaved,
  },
  'GET /api/expectations/stats': {
    access: 'signed-in',
    summary:
      "Kept-promise rate overall, per owner and per account, of the team's promises, and apart of the customer's (customer); overTime: both sides month by month (months, default 6), overall, per owner and per account",
    query: expectationStatsQuery,
    response: expectationStats,
  },
  'GET /api/notifications': { access: 'signed-in', summary: 'Your notifications and unread count', response: notificationList },
  'GET /api/notifications/stream': {
    access: 'signed-in',
    summary: 'Server-sent events: `unread` with {unread} now and whenever your unread count changes (any node); ends after 5 minutes, EventSource reconnects',
    responseType: 'text/event-stream',
  },
  'GET /api/dashboard': {
    access: 'members',
    summary:
      'Members: cases by kind and stage (open/closed), promises met and missed, first-response median and p90 and breaches, moments of truth, per week over the cases you may see (guests: 404)',
    query: dashboardQuery,
    response: dashboardResponse,
  },
  'GET /api/me/digest': { access: 'signed-in', summary: 'Your email digest of unread notifications: off, daily or weekly', response: digestPrefResponse },
  'PUT /api/me/digest': {
    access: 'signed-in',
    summary: 'Set your email digest frequency (sent over SMTP_URL)',
    body: digestPref,
    response: digestPrefResponse,
  },
  'POST /api/notifications/{id}/read': { access: 'signed-in', summary: 'Mark a notification read', status: 204 },
  'POST /api/notifications/read-all': { access: 'signed-in', summary: 'Mark all notifications read', status: 204 },
  'GET /api/accounts': {
    access: 'members',
    summary: 'Accounts (members only): search by name or domain, filter by tag, paged; merged accounts are left out',
    query: accountListQuery,
    response: accountListResponse,
  },
  'POST /api/accounts': {
    access: 'members',
    summary: 'Create an account (409 if the name is taken)',
    body: accountInput,
    response: accountSummary,
    status: 201,
  },
  'GET /api/accounts/{id}': {
    access: 'members',
    summary: 'One account with its contacts and the cases (you may see) whose account field holds its name',
    response: accountDetail,
  },
  'PATCH /api/accounts/{id}': {
    access: 'members',
    summary: "Change an account; a new name is written into its cases' documents",
    body: accountPatch,
    response: accountSummary,
  },
  'DELETE /api/accounts/{id}': { access: 'members', summary: 'Delete an account (its contacts stay, without an account)', status: 204 },
  'POST /api/accounts/{id}/merge': {
    access: 'members',
    summary:
      'Merge another account into this one: contacts move, domains and tags unite, its cases are renamed; 400 into itself, 409 if either was merged already',
    body: mergeInput,
    response: accountDetail,
  },
  'GET /api/contacts': {
    access: 'members',
    summary: 'Contacts (members only): q matches name, address or title; filter by tag or accountId; paged',
    query: contactListQuery,
    response: contactListResponse,
  },
  'POST /api/contacts': {
    access: 'members',
    summary: 'Create a contact (409 naming the address if another contact has it)',
    body: contactInput,
    response: contactSummary,
    status: 201,
  },
  'GET /api/contacts/{id}': { access: 'members', summary: 'One contact', response: contactSummary },
  'PATCH /api/contacts/{id}': {
    access: 'members',
    summary: 'Change a contact; emails replaces the list of addresses (409 naming an address another contact has)',
    body: contactPatch,
    response: contactSummary,
  },
  'DELETE /api/contacts/{id}': { access: 'members', summary: 'Delete a contact with its addresses and case roles', status: 204 },
  'POST /api/contacts/{id}/merge': {
    access: 'members',
    summary: "Merge another contact into this one: addresses, case roles (this one's win) and tags move",
    body: mergeInput,
    response: contactSummary,
  },
  'GET /api/contacts/{id}/history': {
    access: 'members',
    summary: 'The cases a contact is a stakeholder on and every email from or to their addresses, on cases you may see, newest first',
    response: contactHistory,
  },
  'GET /api/cases/{id}/contacts': {
    access: 'members',
    summary: "The case's stakeholder map: contacts with role and influence",
    response: stakeholderListResponse,
  },
  'PUT /api/cases/{id}/contacts/{contactId}': {
    access: 'members',
    summary: "Put a contact on the case's stakeholder map, or change their role and influence (editors)",
    body: stakeholderInput,
    response: stakeholder,
  },
  'DELETE /api/cases/{id}/contacts/{contactId}': { access: 'members', summary: 'Take a contact off the stakeholder map (editors)', status: 204 },
  'GET /api/saved-filters': {
    access: 'members',
    summary: 'Your saved filters over accounts or contacts',
    query: savedFilterListQuery,
    response: savedFilterListResponse,
  },
  'POST /api/saved-filters': {
    access: 'members',
    summary: "Save a list's filter (its query parameters) under a name, for yourself",
    body: savedFilterInput,
    response: savedFilter,
    status: 201,
  },
  'DELETE /api/saved-filters/{id}': { access: 'members', summary: 'Delete one of your saved filters', status: 204 },
  'GET /api/views': {
    access: 'members',
    summary: 'Saved views of cases you may use: your own and those shared with the workspace (guests: 404)',
    response: savedViewList,
  },
  'POST /api/views': {
    access: 'members',
    summary: 'Save a view of cases: filters, sort, columns, list or board; personal unless shared',
    body: viewInput,
    response: savedView,
    status: 201,
  },
  'PATCH /api/views/{id}': {
    access: 'members',
    summary: 'Rename a view, change what it shows, or share or unshare it (its creator; a shared one also owners and admins)',
    body: viewPatch,
    response: savedView,
  },
  'DELETE /api/views/{id}': {
    access: 'members',
    summary: 'Delete a view (its creator; a shared one also owners and admins)',
    status: 204,
  },
  'GET /api/saved-replies': { access: 'members', summary: "The workspace's saved replies, by name", response: savedReplyList },
  'POST /api/saved-replies': {
    access: 'members',
    summary:
      'Save a reply for the whole workspace: a name and rich text that may hold {{contact.firstName}}, {{contact.name}}, {{case.title}}, {{me.firstName}}, {{me.name}}',
    body: savedReplyInput,
    response: savedReply,
    status: 201,
  },
  'PATCH /api/saved-replies/{id}': { access: 'members', summary: 'Rename or rewrite a saved reply', body: savedReplyPatch, response: savedReply },
  'DELETE /api/saved-replies/{id}': { access: 'members', summary: 'Delete a saved reply', status: 204 },
  'GET /api/plan-templates': { access: 'members', summary: "The workspace's plan templates, by name", response: planTemplateList },
  'POST /api/plan-templates': {
    access: 'admins',
    summary:
      'Add a plan template (owners and admins): milestones whose due dates count from the close date or the creation of a case ({from, amount, unit}), each with the promises of either side, and the mutual plan text',
    body: planTemplateInput,
    response: planTemplate,
    status: 201,
  },
  'GET /api/plan-templates/{id}': { access: 'members', summary: 'One plan template', response: planTemplate },
  'PATCH /api/plan-templates/{id}': {
    access: 'admins',
    summary: 'Change a plan template (owners and admins)',
    body: planTemplatePatch,
    response: planTemplate,
  },
  'DELETE /api/plan-templates/{id}': { access: 'admins', summary: 'Delete a plan template (owners and admins); plans built from it stay', status: 204 },
  'POST /api/plan-templates/{id}/cases': {
    access: 'members',
    summary: "Create a case with this template's plan (as POST /api/cases); 400 when a date counts from a close date and none is given",
    body: caseCreateInput,
    response: caseDetail,
    status: 201,
  },
  'POST /api/cases/{id}/apply-template': {
    access: 'members',
    summary:
      "Add a template's milestones, promises and text to the case's mutual plan (editors). Dates that count from the close date need one: the case's, or closeDate, which becomes the case's; else 400",
    body: applyTemplateInput,
    response: applyTemplateResult,
  },
  'POST /api/cases/{id}/save-as-template': {
    access: 'admins',
    summary: "Save the case's mutual plan as a template (owners and admins): dates become relative to its close date, or to its creation when it has none",
    body: saveCasePlanInput,
    response: planTemplate,
    status: 201,
  },
  'POST /api/csv/{kind}/preview': {
    access: 'members',
    summary: 'A CSV file of contacts, accounts or cases (kind): its columns, first rows and the column mapping its headers suggest',
    bodyType: 'text/csv',
    response: csvPreview,
  },
  'POST /api/csv/{kind}/import': {
    access: 'members',
    summary:
      'Import a CSV file of contacts, accounts or cases (kind) with a column mapping (JSON in `mapping`, else guessed): what was (or with dryRun would be) created, updated (contacts by email, accounts by domain or name) and refused (row, column, reason). With Accept: application/x-ndjson, progress lines then the result',
    bodyType: 'text/csv',
    query: csvImportQuery,
    response: csvImportResult,
  },
  'GET /api/contacts.csv': { access: 'members', summary: 'Every contact as CSV (formula injection neutralised)', responseType: 'text/csv' },
  'GET /api/accounts.csv': { access: 'members', summary: 'Every account as CSV (formula injection neutralised)', responseType: 'text/csv' },
  'GET /api/cases.csv': { access: 'members', summary: 'The cases you may see, as CSV (formula injection neutralised)', responseType: 'text/csv' },
  'GET /api/audit': { access: 'admins', summary: 'The workspace audit log (owners and admins)', query: auditQuery, response: auditList },
  'GET /api/audit.csv': { access: 'admins', summary: 'The audit log as CSV', query: auditQuery, responseType: 'text/csv' },
  'GET /api/openapi.json': { access: 'public', summary: 'This description of the API (OpenAPI 3.0)', responseType: 'application/json' },
  'GET /api/docs': {
    access: 'public',
    summary: 'An interactive reference of this API, served by the server itself (no outside requests)',
    responseType: 'text/html',
  },
  'GET /api/docs/{file}': { access: 'public', summary: 'The scripts and styles of the reference at /api/docs', responseType: 'application/octet-stream' },
  'GET /metrics': { access: 'public', summary: 'Prometheus text format; when METRICS_TOKEN is set it must come as Bearer', responseType: 'text/plain' },
  'GET /api/search': {
    access: 'signed-in',
    summary: 'Full-text search over activity, emails, files and notes you may see; snippets mark the matched words',
    query: searchQuery,
    response: searchResponse,
  },
  'POST /api/cases/{id}/versions/checkpoint': {
    access: 'signed-in',
    summary: 'Keep the current text of the plan or a note body as a version now (before a restore)',
    body: versionListQuery,
    response: z.object({ ok: z.literal(true) }),
  },
  'POST /api/webhooks': {
    access: 'admins',
    summary: 'Add a webhook: events are type names or ["*"]; the secret (whsec_…) is shown once',
    body: webhookCreateInput,
    response: webhookCreated,
    status: 201,
  },
  'GET /api/webhooks': { access: 'admins', summary: 'Webhooks of the workspace (no secrets), with their health', response: webhookList },
  'DELETE /api/webhooks/{id}': { access: 'admins', summary: 'Remove a webhook and its pending deliveries', status: 204 },
  'GET /api/webhooks/{id}/deliveries': {
    access: 'admins',
    summary: 'Recent deliveries of a webhook with each attempt: status code, time, response excerpt',
    query: webhookDeliveriesQuery,
    response: webhookDeliveries,
  },
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/resend': {
    access: 'admins',
    summary: 'Send a delivery again (same webhook-id)',
    response: webhookResent,
    status: 202,
  },
  'POST /api/mailboxes': {
    access: 'admins',
    summary: 'Connect a mailbox (IMAP in, SMTP out); the passwords are stored encrypted and never returned; it starts syncing at once',
    body: mailboxCreateInput,
    response: mailboxCreated,
    status: 201,
  },
  'POST /api/mailboxes/test': {
    access: 'admins',
    summary: 'Try a mailbox without storing it: names what failed (DNS, connection, TLS, sign-in, folder) in the server words',
    body: mailboxCreateInput,
    response: mailboxTestResult,
  },
  'GET /api/mailboxes': {
    access: 'admins',
    summary: 'Connected mailboxes with live status (connecting, syncing with progress, idle, error with the server words and the next try); no secrets',
    response: mailboxList,
  },
  'GET /api/mailboxes/senders': {
    access: 'members',
    summary: 'The connected mailboxes a case email may be sent through (name and address only), for the From of New email',
    response: mailboxSenders,
  },
  'DELETE /api/mailboxes/{id}': { access: 'admins', summary: 'Disconnect a mailbox; the mail it brought in stays', status: 204 },
  'GET /api/export': {
    access: 'owner',
    summary:
      'The whole workspace as one zip archive (manifest with SHA-256 of every entry, relational data as JSON, Yjs documents, raw emails, file bytes), streamed',
    responseType: 'application/zip',
  },
  'POST /api/import': {
    access: 'owner',
    summary:
      'Restore an archive from GET /api/export into your workspace, which must have no cases yet (body application/zip, or multipart field "file"); at most MAX_IMPORT_MB',
    body: z.string().describe('the archive (binary)'),
    bodyType: 'application/zip',
    response: importResult,
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof endpoints;
