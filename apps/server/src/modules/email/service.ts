import type { Readable } from 'node:stream';
import type { EmailDetail, EmailImportJob, EmailImportResponse, EmailIngestResponse, EmailThread } from '@casehub/contract';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../errors.js';
import { isSharedWithGuests } from '../activity/repo.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import { can, canInWorkspace, type Actor, type CaseSubject } from '../access/policy.js';
import type { ActivityService } from '../activity/service.js';
import type { VisitsService } from '../visits/service.js';
import type { CasesService } from '../cases/service.js';
import type { ResponseClock } from '../responses/clock.js';
import { caseAddress, inboxAddress } from './address.js';
import { createIngester, type IngestResult, type IngestSource } from './ingest.js';
import { createEmailImports, type UploadedFile } from './imports.js';
import { createOutbound, type MailboxSender } from './outbound.js';
import { assertTriageUser, createTriage } from './triage.js';
import type { EmailParser } from './parse.js';
import * as repo from './repo.js';

export type EmailDeps = {
  db: Db;
  log: Logger;
  config: Config;
  blobs: BlobStore;
  activity: ActivityService;
  cases: CasesService;
  jobs: JobRunner;
  parser: EmailParser;
  responses: ResponseClock;
  /** Connected mailboxes to send through (modules/mailboxes); without it, `mailboxId` is refused. */
  mailboxSender?: MailboxSender;
  /** Who opened what (modules/visits): told when a person opens an email. */
  visits?: Pick<VisitsService, 'opened'>;
};

export type EmailService = ReturnType<typeof createEmailService>;
export type { UploadedFile };

const emailNotFound = () => notFound('No such email, or you may not see it');

export function createEmailService(deps: EmailDeps) {
  const { db, blobs, cases, config } = deps;
  const ingest = createIngester(deps);
  const imports = createEmailImports({ ...deps, ingest });

  /**
   * Emails belong to the team side of a case (internal activity): a guest
   * sees one only once it is shared (see visibleEmail), a viewer sees but may
   * not add (403).
   */
  async function caseAccess(actor: Actor, caseId: string, need: 'read' | 'edit'): Promise<CaseSubject> {
    const { subject } = await cases.check(actor, caseId);
    if (!can(actor, 'doc.team.read', subject)) throw notFound('No such case, or you may not see it');
    if (need === 'edit' && !can(actor, 'case.edit', subject)) throw new AppError('forbidden', 'You can view this case but not add to it');
    return subject;
  }

  /** An email the actor may see: its case's team side, or the triage queue of their workspace (members only). */
  async function visibleEmail(actor: Actor, emailId: string): Promise<repo.EmailRow> {
    const row = await repo.findEmail(db, actor.workspaceId, emailId);
    if (!row) throw emailNotFound();
    if (row.caseId && actor.role === 'guest') {
      // A guest sees an email only once the team shared it (a shared_items row), whatever
      // the shared document, which guest editors write to, claims (issue 20.2).
      const caseId = row.caseId;
      const visible = await cases.check(actor, caseId).then(
        () => isSharedWithGuests(db, caseId, { emailId: row.id }),
        () => false,
      );
      if (!visible) throw emailNotFound();
    } else if (row.caseId) {
      await caseAccess(actor, row.caseId, 'read').catch((err: unknown) => {
        throw err instanceof AppError && err.code === 'not_found' ? emailNotFound() : err;
      });
    } else if (!canInWorkspace(actor, 'triage.use')) throw emailNotFound();
    return row;
  }

  async function present(rows: repo.EmailRow[], actor: Actor): Promise<EmailDetail[]> {
    const team = actor.role !== 'guest';
    const attachments = await repo.listEmailAttachments(
      db,
      rows[0]?.workspaceId ?? '',
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      threadId: row.threadId,
      activityId: row.activityId,
      direction: row.direction,
      headers: {
        subject: row.subject,
        from: row.fromAddress || row.fromName ? { name: row.fromName, address: row.fromAddress } : null,
        to: row.to,
        cc: row.cc,
        date: row.sentAt?.toISOString() ?? null,
        messageId: row.messageId,
        inReplyTo: row.inReplyTo,
        references: row.references,
      },
      text: row.textBody,
      html: row.html,
      attachments: attachments.filter((a) => a.emailId === row.id).map((a) => ({ fileId: a.id, name: a.name, contentType: a.contentType, size: a.size })),
      parseError: row.parseError,
      sendStatus: row.sendStatus,
      sendError: row.sendError,
      rawSize: row.rawSize,
      createdAt: row.createdAt.toISOString(),
      assigneeId: team ? row.assigneeId : null,
      routing: team ? row.routing : null,
      senderAuth: row.senderAuth,
      automatic: row.automatic,
    }));
  }

  const toResponse = (r: IngestResult): EmailIngestResponse => ({ ...r });

  return {
    /** For connectors with no person behind them (SMTP). */
    ingest,

    async ingestIntoCase(actor: Actor, caseId: string, raw: Uint8Array, source: IngestSource = 'api'): Promise<EmailIngestResponse> {
      await caseAccess(actor, caseId, 'edit');
      return toResponse(await ingest({ workspaceId: actor.workspaceId, caseId, raw, source, createdBy: actor.userId }));
    },

    /** Into the workspace's triage queue, or onto the case whose thread it replies to. */
    async ingestIntoTriage(actor: Actor, raw: Uint8Array): Promise<EmailIngestResponse> {
      assertTriageUser(actor);
      return toResponse(await ingest({ workspaceId: actor.workspaceId, caseId: null, raw, source: 'triage', createdBy: actor.userId }));
    },

    /**
     * .eml and .mbox uploads; each message succeeds or fails alone. Up to
     * inlineImportMessages messages are imported now and answered with what
     * came of each; more become a job whose progress the answer carries.
     */
    async importFiles(actor: Actor, caseId: string, uploads: UploadedFile[]): Promise<{ summary: EmailImportResponse } | { job: EmailImportJob }> {
      await caseAccess(actor, caseId, 'edit');
      return imports.start(actor, caseId, uploads);
    },

    /** The case's recent imports (the newest first), for the team. */
    async listImports(actor: Actor, caseId: string): Promise<EmailImportJob[]> {
      await caseAccess(actor, caseId, 'read');
      return imports.list(caseId);
    },

    async getImport(actor: Actor, caseId: string, importId: string): Promise<EmailImportJob> {
      await caseAccess(actor, caseId, 'read');
      return imports.get(caseId, importId);
    },

    async cancelImport(actor: Actor, caseId: string, importId: string): Promise<EmailImportJob> {
      await caseAccess(actor, caseId, 'edit');
      return imports.cancel(caseId, importId);
    },

    async resumeImport(actor: Actor, caseId: string, importId: string): Promise<EmailImportJob> {
      await caseAccess(actor, caseId, 'edit');
      return imports.resume(caseId, importId);
    },

    async get(actor: Actor, emailId: string): Promise<EmailDetail> {
      const row = await visibleEmail(actor, emailId);
      const [detail] = await present([row], actor);
      if (!detail) throw emailNotFound();
      await deps.visits?.opened(actor, { caseId: row.caseId, target: 'email', id: row.id });
      return detail;
    },

    async raw(actor: Actor, emailId: string): Promise<{ stream: Readable; size: number; name: string }> {
      const row = await visibleEmail(actor, emailId);
      return { stream: await blobs.stream(row.rawSha256), size: row.rawSize, name: `email-${row.id}.eml` };
    },

    /** The conversation, oldest first, limited to the emails whose case the actor may see. */
    async thread(actor: Actor, threadId: string): Promise<EmailThread> {
      const rows = await repo.listThreadEmails(db, actor.workspaceId, threadId);
      const allowed = new Map<string | null, boolean>();
      const visible: repo.EmailRow[] = [];
      for (const row of rows) {
        if (actor.role === 'guest') {
          // Guests see each email of a thread only if that one was shared.
          if (
            await visibleEmail(actor, row.id).then(
              () => true,
              () => false,
            )
          )
            visible.push(row);
          continue;
        }
        if (!allowed.has(row.caseId)) {
          const ok = row.caseId
            ? await caseAccess(actor, row.caseId, 'read').then(
                () => true,
                () => false,
              )
            : true;
          allowed.set(row.caseId, ok);
        }
        if (allowed.get(row.caseId)) visible.push(row);
      }
      if (visible.length === 0) throw notFound('No such thread, or you may not see it');
      return { threadId, emails: await present(visible, actor) };
    },

    async caseAddress(actor: Actor, caseId: string): Promise<{ address: string }> {
      await caseAccess(actor, caseId, 'read');
      return { address: caseAddress(caseId, config.mailDomain) };
    },

    async inboxAddress(actor: Actor): Promise<{ address: string }> {
      assertTriageUser(actor);
      return { address: inboxAddress(actor.workspaceId, config.mailDomain) };
    },

    ...createOutbound(deps, { caseAccess, visibleEmail }),
    // Mail waiting in triage: list, count, file, new case, spam (issue 21.6).
    ...createTriage(deps, { caseAccess, visibleEmail }),
  };
}
