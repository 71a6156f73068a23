import { caseCreateInput, type TriageEmail, type TriageFileResponse, type TriageListResponse } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import { findUserName } from '../cases/repo.js';
import { placeOnCase, KeyedLock } from './ingest.js';
import * as repo from './repo.js';
import type { EmailDeps } from './service.js';
import * as triageRepo from './triage-repo.js';

type Helpers = {
  caseAccess(actor: Actor, caseId: string, need: 'read' | 'edit'): Promise<unknown>;
  visibleEmail(actor: Actor, emailId: string): Promise<repo.EmailRow>;
};

export type TriageListQuery = { limit: number; offset: number; view: 'inbox' | 'spam' };

/** The triage queue is workspace business: a guest is told it does not exist (A4, A6). */
export function assertTriageUser(actor: Actor): void {
  if (!canInWorkspace(actor, 'triage.use')) throw notFound('No such page');
}

const replyPrefix = /^\s*((re|fwd?|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i;

/** A case title from a message: its subject without Re:/Fwd: prefixes, else who sent it. */
export function titleFromEmail(row: Pick<repo.EmailRow, 'subject' | 'fromName' | 'fromAddress'>): string {
  const subject = row.subject.replace(replyPrefix, '').replace(/\s+/g, ' ').trim();
  const title = subject || `Email from ${row.fromName || row.fromAddress || 'an unknown sender'}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/**
 * The triage queue (issue 21.6): mail that matched no case waits here until a
 * member files it on a case (the same placement as mail routed there on
 * arrival: stream entry, first-response clock, moment-of-truth flag, R4),
 * makes a case of it, or marks it as spam (hidden, reversible, audited).
 */
export function createTriage(deps: EmailDeps, { caseAccess, visibleEmail }: Helpers) {
  const { db, cases, activity, responses } = deps;
  // One filing of a message at a time in this process; across nodes the UPDATE's
  // "still in triage" condition decides, and the loser's entry is rolled back.
  const filing = new KeyedLock();

  const present = (row: repo.EmailRow, attachments: number): TriageEmail => ({
    id: row.id,
    threadId: row.threadId,
    subject: row.subject,
    from: row.fromAddress || row.fromName ? { name: row.fromName, address: row.fromAddress } : null,
    date: row.sentAt?.toISOString() ?? null,
    snippet: row.textBody.replace(/\s+/g, ' ').trim().slice(0, 200),
    attachments,
    parseError: row.parseError,
    createdAt: row.createdAt.toISOString(),
    assigneeId: row.assigneeId,
    reason: row.routing?.reason ?? null,
    spamAt: row.spamAt?.toISOString() ?? null,
  });

  /** Puts one triage message on a case in one commit: its entry, its row and files, its clock. */
  async function fileOne(row: repo.EmailRow, caseId: string, filedBy: string): Promise<string> {
    const activityId = newId();
    const at = row.sentAt && row.sentAt.getTime() <= Date.now() ? row.sentAt : new Date();
    // The stream says how it got there; the row keeps the decision made on arrival (R2).
    const routing = { how: row.routing?.how ?? 'triage', ruleId: row.routing?.ruleId ?? null, reason: `Filed from triage by ${filedBy}` };
    const placed = await placeOnCase(responses, { ...row, caseId, activityId, routing }, at);
    await activity.add(caseId, 'team', placed.entry, {
      id: activityId,
      alsoWrite: async (tx) => {
        // Another node filed it first: nothing of this filing may commit.
        if ((await triageRepo.fileTriageEmail(tx, row.workspaceId, row.id, caseId, activityId)) === 0) {
          throw new AppError('conflict', 'This email is already on a case');
        }
        await placed.write(tx);
      },
    });
    return activityId;
  }

  /**
   * Files the message, then the rest of its thread still waiting in triage
   * (oldest first). `target` names the case once the message is known to be
   * waiting (inside the lock), so a new case is made only for mail still here.
   */
  async function fileThread(actor: Actor, emailId: string, target: (row: repo.EmailRow) => Promise<string>): Promise<TriageFileResponse> {
    return filing.run(emailId, async () => {
      const row = await visibleEmail(actor, emailId);
      if (row.caseId) throw new AppError('conflict', 'This email is already on a case');
      const caseId = await target(row);
      const filedBy = (await findUserName(db, actor.userId)) ?? 'a member';
      const activityId = await fileOne(row, caseId, filedBy);
      const alsoFiled: string[] = [];
      for (const other of await triageRepo.listTriageThread(db, row.workspaceId, row.threadId, row.id)) {
        // No second lock here (two filings could wait on each other's): the UPDATE's condition decides.
        const moved = await fileOne(other, caseId, filedBy).then(
          () => true,
          (err: unknown) => {
            // Someone filed that one meanwhile: it stays where they put it.
            if (err instanceof AppError && err.code === 'conflict') return false;
            throw err;
          },
        );
        if (moved) alsoFiled.push(other.id);
      }
      return { emailId, caseId, activityId, threadId: row.threadId, alsoFiled };
    });
  }

  return {
    async triage(actor: Actor, query: TriageListQuery): Promise<TriageListResponse> {
      assertTriageUser(actor);
      const rows = await triageRepo.listTriageEmails(db, actor.workspaceId, query);
      const attachments = await repo.listEmailAttachments(
        db,
        actor.workspaceId,
        rows.map((r) => r.id),
      );
      return { emails: rows.map((row) => present(row, attachments.filter((a) => a.emailId === row.id).length)) };
    },

    async triageCount(actor: Actor): Promise<{ count: number }> {
      assertTriageUser(actor);
      return { count: await triageRepo.countTriageEmails(db, actor.workspaceId) };
    },

    /** Files a triage email onto a case the actor may add to; its attachments and the rest of its waiting thread follow. */
    async fileFromTriage(actor: Actor, emailId: string, caseId: string): Promise<TriageFileResponse> {
      assertTriageUser(actor);
      await caseAccess(actor, caseId, 'edit');
      return fileThread(actor, emailId, async () => caseId);
    },

    /** A new case from a triage email (titled by its subject unless given), the email filed into it. */
    async caseFromTriage(
      actor: Actor,
      emailId: string,
      input: { title?: string | undefined; kind: 'deal' | 'support' },
    ): Promise<TriageFileResponse & { title: string }> {
      assertTriageUser(actor);
      let title = '';
      const filed = await fileThread(actor, emailId, async (row) => {
        title = input.title ?? titleFromEmail(row);
        return (await cases.create(actor, caseCreateInput.parse({ title, kind: input.kind }))).id;
      });
      return { ...filed, title };
    },

    async markSpam(actor: Actor, emailId: string, spam: boolean): Promise<{ emailId: string; spam: boolean }> {
      assertTriageUser(actor);
      const row = await visibleEmail(actor, emailId);
      if (row.caseId) throw new AppError('conflict', 'This email is on a case, not in triage');
      const changed = await triageRepo.setTriageSpam(db, actor.workspaceId, emailId, spam ? new Date() : null);
      if (changed) {
        await authRepo.insertAudit(db, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: spam ? 'email.spam' : 'email.not_spam',
          subjectId: emailId,
          data: { subject: row.subject.slice(0, 200), from: row.fromAddress },
        });
      }
      return { emailId, spam };
    },
  };
}
