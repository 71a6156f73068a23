import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { SystemMailer } from '../../lib/system-mail.js';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, memberships, users } from '../../storage/schema.js';

/** What a guest is told of one of their own promises. */
export type GuestPromiseNews = {
  workspaceId: string;
  caseId: string;
  /** Only promises of the shared document reach a guest: the team's document is never theirs. */
  side: 'team' | 'shared';
  ownerId: string;
  text: string;
  dueAt: Date;
  what: 'owner' | 'at-risk' | 'missed';
};

/**
 * Issue 15.1: a guest owns the customer's promises they are named on, and
 * is told by email (when outbound mail is configured, SMTP_URL, as invite and
 * reset links are) when they are named owner and when one of theirs turns at
 * risk or is missed. Members have the bell and the digest; guests rarely keep
 * a Casehub tab open. Sent at once, never thrown: a failure is logged.
 */
export function createGuestPromiseMailer(deps: { db: Db; mailer: SystemMailer; publicUrl: string | undefined; log: Logger }) {
  const { db, mailer, log } = deps;
  const base = deps.publicUrl?.replace(/\/$/, '');

  /** The owner's address and name, and the case title, when the owner is a guest on this case; otherwise null. */
  async function guestOwner(n: GuestPromiseNews) {
    const [row] = await db
      .select({ email: users.email, name: users.name, caseTitle: cases.title })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(cases, and(eq(cases.id, n.caseId), eq(cases.workspaceId, memberships.workspaceId)))
      // A guest of another case named over /sync is nobody's owner here (issue 20.11).
      .innerJoin(caseMembers, and(eq(caseMembers.caseId, n.caseId), eq(caseMembers.userId, memberships.userId)))
      .where(and(eq(memberships.workspaceId, n.workspaceId), eq(memberships.userId, n.ownerId), eq(memberships.role, 'guest')));
    return row ?? null;
  }

  async function tell(n: GuestPromiseNews): Promise<void> {
    if (!mailer.configured || n.side !== 'shared') return;
    const guest = await guestOwner(n);
    if (!guest) return;
    const due = n.dueAt.toISOString().slice(0, 16).replace('T', ' ');
    const subject =
      n.what === 'owner'
        ? `You own a promise on ${guest.caseTitle}: ${n.text}`
        : n.what === 'at-risk'
          ? `Your promise is due soon: ${n.text}`
          : `Your promise was missed: ${n.text}`;
    const lead =
      n.what === 'owner'
        ? `you were named owner of a promise on "${guest.caseTitle}":`
        : n.what === 'at-risk'
          ? `a promise you own on "${guest.caseTitle}" is at risk, due ${due} UTC:`
          : `a promise you own on "${guest.caseTitle}" is now past due (it was due ${due} UTC):`;
    const lines = [
      `Hello ${guest.name},`,
      '',
      lead,
      '',
      `  ${n.text}`,
      ...(n.what === 'owner' ? [`  due ${due} UTC`] : []),
      '',
      n.what === 'owner' ? 'Mark it met on the plan once it is done.' : 'Mark it met on the plan if it is done, or agree a new date with the team.',
      ...(base ? ['', `${base}/cases/${encodeURIComponent(n.caseId)}`] : []),
    ];
    const result = await mailer.send({ to: guest.email, subject: subject.slice(0, 200), text: lines.join('\n') });
    if (result === 'failed') log.warn({ caseId: n.caseId, what: n.what }, 'a guest was not told of their promise');
  }

  return {
    /** Tells a guest owner; never rejects. */
    tell(n: GuestPromiseNews): Promise<void> {
      return tell(n).catch((err: unknown) => log.error({ err, caseId: n.caseId }, 'guest promise mail failed'));
    },
  };
}
export type GuestPromiseMailer = ReturnType<typeof createGuestPromiseMailer>;
