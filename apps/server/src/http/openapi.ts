import {
  caseCreateInput,
  caseDetail,
  caseListQuery,
  caseListResponse,
  caseMemberInput,
  casePatchInput,
  errorBodySchema,
  fileMeta,
  fileUploadForm,
  fileUploadResponse,
  inviteAcceptInput,
  inviteCreateInput,
  inviteCreateResponse,
  invitePreview,
  inviteAcceptResponse,
  loginInput,
  passwordChangeInput,
  meResponse,
  signupInput,
  tokenCreateInput,
  tokenCreateResponse,
  workspaceMember,
} from '@casehub/contract';
import { versionDetail, versionListQuery, versionListResponse } from '@casehub/contract';
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
} from '@casehub/contract';
import { dashboardQuery, dashboardResponse, digestPref, digestPrefResponse } from '@casehub/contract';
import { z } from 'zod';
import { entryEditInput, noteInput, shareInput } from '../modules/activity/routes.js';
import { auditQuery } from '../modules/audit/service.js';
import { expectationInput, expectationPatch, expectationQuery } from '../modules/expectations/routes.js';
import { memberRoleInput } from '../modules/workspaces/routes.js';
import {
  emailDetail,
  emailImportForm,
  emailImportJob,
  emailImportList,
  emailImportResponse,
  emailIngestResponse,
  emailReplyInput,
  emailReplyResponse,
  emailThread,
  mailAddressResponse,
  outboxResponse,
  rawEmailBody,
  triageCaseInput,
  triageCountResponse,
  triageFileInput,
  triageFileResponse,
  triageSpamResponse,
  triageListQuery,
  triageListResponse,
} from '@casehub/contract';

type Route = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth?: boolean;
  body?: z.ZodType;
  bodyType?: string;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** A response that is not JSON (file bytes): its media type. */
  responseType?: string;
  status?: number;
};

/** Every HTTP route, described once; GET /api/openapi.json is built from this table. */
const routes: Route[] = [
  { method: 'get', path: '/api/health', summary: 'The server and its database answer', auth: false, response: z.object({ ok: z.literal(true), db: z.string() }) },
  { method: 'post', path: '/api/auth/signup', summary: 'Create a user and a workspace they own; sets the session cookie', auth: false, body: signupInput, response: meResponse, status: 201 },
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; sets the session cookie', auth: false, body: loginInput, response: meResponse },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out; ends the session and its sync connections', status: 204 },
  { method: 'get', path: '/api/me', summary: 'The signed-in person, their workspace and role', response: meResponse },
  { method: 'post', path: '/api/tokens', summary: 'Create an API token (shown once)', body: tokenCreateInput, response: tokenCreateResponse, status: 201 },
  { method: 'get', path: '/api/workspace/members', summary: 'Members of the workspace', response: z.object({ members: z.array(workspaceMember) }) },
  { method: 'post', path: '/api/invites', summary: 'Invite a member, or a guest to one case', body: inviteCreateInput, response: inviteCreateResponse, status: 201 },
  { method: 'get', path: '/api/invites/{token}', summary: 'What an invite is for', auth: false, response: invitePreview },
  { method: 'post', path: '/api/invites/{token}/accept', summary: 'Accept an invite (creates the account if new); sets the session cookie', auth: false, body: inviteAcceptInput, response: inviteAcceptResponse },
  { method: 'get', path: '/api/cases', summary: 'Cases you may see, filtered, sorted and paged', query: caseListQuery, response: caseListResponse },
  { method: 'post', path: '/api/cases', summary: 'Create a case', body: caseCreateInput, response: caseDetail, status: 201 },
  { method: 'get', path: '/api/cases/{id}', summary: 'One case', response: caseDetail },
  { method: 'patch', path: '/api/cases/{id}', summary: "Change a case's fields (same effect as editing the document)", body: casePatchInput, response: caseDetail },
  { method: 'post', path: '/api/cases/{id}/members', summary: 'Add a person to the case team, or change their access', body: caseMemberInput, response: caseDetail },
  { method: 'delete', path: '/api/cases/{id}/members/{userId}', summary: 'Remove a person from the case team', status: 204 },
  { method: 'post', path: '/api/cases/{id}/files', summary: `Upload a file (multipart field "file"; at most MAX_UPLOAD_MB, else 413); PDF text is extracted in the background`, body: fileUploadForm, bodyType: 'multipart/form-data', response: fileUploadResponse, status: 201 },
  { method: 'get', path: '/api/files/{id}', summary: "A file's metadata, with the state of its text extraction", response: fileMeta },
  { method: 'get', path: '/api/files/{id}/content', summary: "A file's bytes; honours Range (206) and If-None-Match (ETag is the SHA-256)", responseType: 'application/octet-stream' },
  { method: 'post', path: '/api/cases/{id}/emails', summary: 'Ingest one raw email into the case (201; 200 with duplicate: true if already stored); unparseable mail is kept raw with parseError', body: rawEmailBody, bodyType: 'message/rfc822', response: emailIngestResponse, status: 201 },
  { method: 'post', path: '/api/cases/{id}/emails/import', summary: 'Import .eml and .mbox files (multipart, field "file", repeatable): up to 100 messages, what was imported, skipped as duplicate, or failed and why; more are imported as a job, answered 202 with {import} (its progress)', body: emailImportForm, bodyType: 'multipart/form-data', response: emailImportResponse },
  { method: 'get', path: '/api/cases/{id}/emails/imports', summary: "The case's recent email imports (jobs), newest first, with their progress", response: emailImportList },
  { method: 'get', path: '/api/cases/{id}/emails/imports/{importId}', summary: 'One email import: state (queued, running, done, cancelled, failed), total, imported, duplicates, failed, the first failures', response: emailImportJob },
  { method: 'post', path: '/api/cases/{id}/emails/imports/{importId}/cancel', summary: 'Cancel an import between batches; what is stored stays', response: emailImportJob },
  { method: 'post', path: '/api/cases/{id}/emails/imports/{importId}/resume', summary: 'Resume a cancelled import from where it stopped (nothing is stored twice)', response: emailImportJob },
  { method: 'get', path: '/api/cases/{id}/address', summary: "The case's inbound email address (case-<token>@MAIL_DOMAIN)", response: mailAddressResponse },
  { method: 'get', path: '/api/cases/{id}/outbox', summary: 'Replies from this case not sent yet: queued or failed, with the reason', response: outboxResponse },
  { method: 'get', path: '/api/emails/{id}', summary: 'An email: headers, text, sanitized HTML (remote images in data-remote-src), attachments', response: emailDetail },
  { method: 'get', path: '/api/emails/{id}/raw', summary: 'The raw source of an email', responseType: 'message/rfc822' },
  { method: 'post', path: '/api/emails/{id}/reply', summary: 'Reply from the case (editor); sent over SMTP_URL in the background, kept in the outbox until sent', body: emailReplyInput, response: emailReplyResponse, status: 201 },
  { method: 'post', path: '/api/emails/{id}/retry', summary: 'Send a failed reply again', response: emailReplyResponse.pick({ emailId: true, sendStatus: true }) },
  { method: 'get', path: '/api/threads/{threadId}', summary: 'An email conversation, oldest first (the emails you may see)', response: emailThread },
  { method: 'get', path: '/api/triage/address', summary: "The workspace's inbound address for the triage queue", response: mailAddressResponse },
  { method: 'get', path: '/api/triage/emails', summary: 'Emails waiting to be filed onto a case', query: triageListQuery, response: triageListResponse },
  { method: 'post', path: '/api/triage/emails', summary: 'Put one raw email in the triage queue (or onto the case whose thread it replies to)', body: rawEmailBody, bodyType: 'message/rfc822', response: emailIngestResponse, status: 201 },
  { method: 'post', path: '/api/triage/emails/{id}/file', summary: 'File a triage email onto a case you may add to: its stream entry (with the first-response clock), its attachments and the rest of its thread waiting in triage follow', body: triageFileInput, response: triageFileResponse },
  { method: 'post', path: '/api/triage/emails/{id}/case', summary: 'A new case from a triage email (title: the subject unless given), the email filed into it', body: triageCaseInput, response: triageFileResponse.extend({ title: z.string() }), status: 201 },
  { method: 'put', path: '/api/triage/emails/{id}/spam', summary: 'Mark a triage email as spam: hidden from the triage list and count (audited)', response: triageSpamResponse },
  { method: 'delete', path: '/api/triage/emails/{id}/spam', summary: 'Take a triage email back from spam (audited)', response: triageSpamResponse },
  { method: 'get', path: '/api/triage/count', summary: 'How many emails wait in triage (spam left out)', response: triageCountResponse },
  { method: 'get', path: '/api/cases/{id}/versions', summary: 'Versions of the plan or a note body (target=plan|note:<activityId>) of one document, newest first', query: versionListQuery, response: versionListResponse },
  { method: 'get', path: '/api/versions/{id}', summary: 'One version: its plain text and the Yjs state to restore from (restore happens in the live document)', response: versionDetail },
  { method: 'post', path: '/api/auth/password', summary: 'Change your password; ends your other sessions and their sockets', body: passwordChangeInput, status: 204 },
  { method: 'get', path: '/api/invites', summary: 'Pending invites (all for admins, else the ones you sent)' },
  { method: 'delete', path: '/api/invites/{id}', summary: 'Revoke a pending invite', status: 204 },
  { method: 'patch', path: '/api/workspace/members/{userId}', summary: "Change a member's role (owners and admins)", body: memberRoleInput },
  { method: 'delete', path: '/api/workspace/members/{userId}', summary: 'Remove a member: ends their sessions, tokens and sockets', status: 204 },
  { method: 'post', path: '/api/cases/{id}/notes', summary: 'Add a note, call or meeting (commenters and guests too; a guest note is shared)', body: noteInput, status: 201 },
  { method: 'post', path: '/api/cases/{id}/activity/{activityId}/share', summary: 'Share an entry (or an email thread) with the case guests', body: shareInput },
  { method: 'delete', path: '/api/cases/{id}/activity/{activityId}/share', summary: 'Stop sharing an entry', status: 204 },
  { method: 'delete', path: '/api/cases/{id}/activity/{activityId}', summary: 'Delete an entry (its author, an admin or an owner): out of the stream, search and the guests\' copy; undo with restore' },
  { method: 'post', path: '/api/cases/{id}/activity/{activityId}/restore', summary: 'Restore a deleted entry (shared again if deleting it un-shared it)' },
  { method: 'patch', path: '/api/cases/{id}/activity/{activityId}', summary: 'Its author rewrites a note, call or meeting', body: entryEditInput },
  { method: 'post', path: '/api/cases/{id}/expectations', summary: 'Record a promise made to the customer', body: expectationInput, status: 201 },
  { method: 'patch', path: '/api/cases/{id}/expectations/{eid}', summary: 'Change a promise (met, text, due date, owner)', body: expectationPatch, status: 204 },
  { method: 'get', path: '/api/expectations', summary: 'Promises across the workspace: due this week, at risk, missed, open, all', query: expectationQuery },
  { method: 'get', path: '/api/routing/rules', summary: 'Routing rules in the order they are tried (members)', response: routingRulesResponse },
  { method: 'post', path: '/api/routing/rules', summary: 'Add a routing rule at the end (owners and admins)', body: routingRuleInput, response: routingRule, status: 201 },
  { method: 'patch', path: '/api/routing/rules/{id}', summary: 'Change a routing rule (owners and admins)', body: routingRulePatch, response: routingRule },
  { method: 'delete', path: '/api/routing/rules/{id}', summary: 'Delete a routing rule (owners and admins)', status: 204 },
  { method: 'post', path: '/api/routing/rules/reorder', summary: 'Put every rule in a new order (owners and admins)', body: routingReorderInput, response: routingRulesResponse },
  { method: 'get', path: '/api/routing/teams', summary: 'Named teams that rules hand messages to in turn', response: routingTeamsResponse },
  { method: 'post', path: '/api/routing/teams', summary: 'Create a team (owners and admins)', body: routingTeamInput, response: routingTeam, status: 201 },
  { method: 'put', path: '/api/routing/teams/{id}', summary: "Rename a team or change who is in it (owners and admins)", body: routingTeamInput, response: routingTeam },
  { method: 'delete', path: '/api/routing/teams/{id}', summary: 'Delete a team no rule uses (owners and admins)', status: 204 },
  { method: 'get', path: '/api/settings/response-targets', summary: 'First-response targets per case kind, in minutes', response: responseTargets },
  { method: 'put', path: '/api/settings/response-targets', summary: 'Change the first-response targets (owners and admins)', body: responseTargets, response: responseTargets },
  { method: 'get', path: '/api/expectations/stats', summary: 'Kept-promise rate overall, per owner and per account' },
  { method: 'get', path: '/api/notifications', summary: 'Your notifications and unread count' },
  { method: 'get', path: '/api/notifications/stream', summary: 'Server-sent events: `unread` with {unread} now and whenever your unread count changes (any node); ends after 5 minutes, EventSource reconnects', responseType: 'text/event-stream' },
  { method: 'get', path: '/api/dashboard', summary: 'Members: cases by kind and stage (open/closed), promises met and missed, first-response median and p90 and breaches, moments of truth, per week over the cases you may see (guests: 404)', query: dashboardQuery, response: dashboardResponse },
  { method: 'get', path: '/api/me/digest', summary: 'Your email digest of unread notifications: off, daily or weekly', response: digestPrefResponse },
  { method: 'put', path: '/api/me/digest', summary: 'Set your email digest frequency (sent over SMTP_URL)', body: digestPref, response: digestPrefResponse },
  { method: 'post', path: '/api/notifications/{id}/read', summary: 'Mark a notification read', status: 204 },
  { method: 'post', path: '/api/notifications/read-all', summary: 'Mark all notifications read', status: 204 },
  { method: 'get', path: '/api/accounts', summary: 'Accounts (members only): search by name or domain, filter by tag, paged; merged accounts are left out', query: accountListQuery, response: accountListResponse },
  { method: 'post', path: '/api/accounts', summary: 'Create an account (409 if the name is taken)', body: accountInput, response: accountSummary, status: 201 },
  { method: 'get', path: '/api/accounts/{id}', summary: 'One account with its contacts and the cases (you may see) whose account field holds its name', response: accountDetail },
  { method: 'patch', path: '/api/accounts/{id}', summary: "Change an account; a new name is written into its cases' documents", body: accountPatch, response: accountSummary },
  { method: 'delete', path: '/api/accounts/{id}', summary: 'Delete an account (its contacts stay, without an account)', status: 204 },
  { method: 'post', path: '/api/accounts/{id}/merge', summary: 'Merge another account into this one: contacts move, domains and tags unite, its cases are renamed; 400 into itself, 409 if either was merged already', body: mergeInput, response: accountDetail },
  { method: 'get', path: '/api/contacts', summary: 'Contacts (members only): q matches name, address or title; filter by tag or accountId; paged', query: contactListQuery, response: contactListResponse },
  { method: 'post', path: '/api/contacts', summary: 'Create a contact (409 naming the address if another contact has it)', body: contactInput, response: contactSummary, status: 201 },
  { method: 'get', path: '/api/contacts/{id}', summary: 'One contact', response: contactSummary },
  { method: 'patch', path: '/api/contacts/{id}', summary: 'Change a contact; emails replaces the list of addresses (409 naming an address another contact has)', body: contactPatch, response: contactSummary },
  { method: 'delete', path: '/api/contacts/{id}', summary: 'Delete a contact with its addresses and case roles', status: 204 },
  { method: 'post', path: '/api/contacts/{id}/merge', summary: "Merge another contact into this one: addresses, case roles (this one's win) and tags move", body: mergeInput, response: contactSummary },
  { method: 'get', path: '/api/contacts/{id}/history', summary: 'The cases a contact is a stakeholder on and every email from or to their addresses, on cases you may see, newest first', response: contactHistory },
  { method: 'get', path: '/api/cases/{id}/contacts', summary: "The case's stakeholder map: contacts with role and influence", response: stakeholderListResponse },
  { method: 'put', path: '/api/cases/{id}/contacts/{contactId}', summary: "Put a contact on the case's stakeholder map, or change their role and influence (editors)", body: stakeholderInput, response: stakeholder },
  { method: 'delete', path: '/api/cases/{id}/contacts/{contactId}', summary: 'Take a contact off the stakeholder map (editors)', status: 204 },
  { method: 'get', path: '/api/saved-filters', summary: 'Your saved filters over accounts or contacts', query: savedFilterListQuery, response: savedFilterListResponse },
  { method: 'post', path: '/api/saved-filters', summary: "Save a list's filter (its query parameters) under a name, for yourself", body: savedFilterInput, response: savedFilter, status: 201 },
  { method: 'delete', path: '/api/saved-filters/{id}', summary: 'Delete one of your saved filters', status: 204 },
  { method: 'get', path: '/api/audit', summary: 'The workspace audit log (owners and admins)', query: auditQuery },
  { method: 'get', path: '/api/audit.csv', summary: 'The audit log as CSV', query: auditQuery, responseType: 'text/csv' },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = r.query
      ? Object.keys(r.query.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }))
      : [];
    const status = String(r.status ?? 200);
    const entry = (paths[r.path] ??= {});
    entry[r.method] = {
      summary: r.summary,
      security: r.auth === false ? [] : [{ session: [] }, { bearer: [] }],
      parameters: [...params, ...queryParams],
      ...(r.body && {
        requestBody: { required: true, content: { [r.bodyType ?? 'application/json']: { schema: jsonSchema(r.body, 'input') } } },
      }),
      responses: {
        [status]: r.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } }
          : r.responseType
            ? { description: 'OK', content: { [r.responseType]: { schema: { type: 'string', format: 'binary' } } } }
            : { description: 'No content' },
        default: { description: 'Error', content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Casehub API', version: '0.1.0', description: 'Live sync: y-websocket protocol at /sync/cases/{caseId}/{team|shared}.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'casehub_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
