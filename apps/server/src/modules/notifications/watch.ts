import { activityMap, fieldsMap, parseDocName, planFragment, readActivity, type DocSide } from '@casehub/case-document';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, memberships } from '../../storage/schema.js';
import type { SyncExtension } from '../../sync/extension.js';
import { isConn } from '../../sync/room.js';
import { can, docReadAction } from '../access/policy.js';
import { findUserName } from '../cases/repo.js';
import { notify } from './service.js';

/** How long one guest's activity on one case is summed into one notification. */
const guestQuietMs = 10 * 60_000;

/** Every `@mention` node (its user id) inside a piece of rich text. */
function mentionsIn(node: Y.XmlElement | Y.XmlFragment, into: Set<string>): void {
  if (node instanceof Y.XmlElement && node.nodeName === 'mention') {
    const id = node.getAttribute('id');
    if (typeof id === 'string' && id) into.add(id);
  }
  for (const child of node.toArray()) if (child instanceof Y.XmlElement) mentionsIn(child, into);
}

/** Mentions added by one transaction to the plan ('plan') or to notes ('note:<entry id>'). */
function addedMentions(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, inPlan: boolean): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const at = (where: string): Set<string> => {
    let set = out.get(where);
    if (!set) out.set(where, (set = new Set()));
    return set;
  };
  for (const event of events) {
    const [first] = event.path;
    if (!inPlan && event.path.length === 0 && event.target instanceof Y.Map) {
      // Whole new entries: a note written with its text (pasted, or by another client offline).
      for (const [id, change] of event.changes.keys) {
        const entry: unknown = change.action === 'add' ? event.target.get(id) : undefined;
        const body = entry instanceof Y.Map ? entry.get('body') : undefined;
        if (body instanceof Y.XmlFragment) mentionsIn(body, at(`note:${id}`));
      }
      continue;
    }
    const where = inPlan ? 'plan' : typeof first === 'string' ? `note:${first}` : null;
    if (!where) continue;
    for (const item of event.changes.added) {
      const content = item.content;
      if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) mentionsIn(content.type, at(where));
    }
  }
  return out;
}

/** Where a mention was written, in words: a plan, or the kind of entry (a call is not "a note"). */
function placeOf(doc: Y.Doc, side: DocSide, where: string): string {
  if (where === 'plan') return side === 'shared' ? 'the mutual plan' : 'the account plan';
  const kind = readActivity(doc, where.slice('note:'.length))?.kind;
  return kind === 'call' ? 'a call' : kind === 'meeting' ? 'a meeting' : 'a note';
}

/**
 * Notifications that come from what people write in the documents: an
 * `@mention` in the plan or a note tells the person mentioned (if they may
 * open that document); a new case owner is told; a guest's writing in the shared document tells the
 * case owner and team, at most once per guest and case every ten minutes.
 * Only the node whose client made the change reacts (the origin is that
 * client's socket), so several nodes never notify twice.
 */
export class DocumentNotifier implements SyncExtension {
  readonly name = 'document notifications';
  private readonly lastGuestNotice = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  readonly onLoaded = (docName: string, doc: Y.Doc): void => {
    const parsed = parseDocName(docName);
    if (!parsed) return;
    const onChange = (inPlan: boolean) => (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
      if (!isConn(tr.origin)) return;
      const actor = tr.origin.actor;
      for (const [where, userIds] of addedMentions(events, inPlan)) {
        userIds.delete(actor.userId);
        if (userIds.size > 0) this.track(this.mentioned(parsed.caseId, parsed.side, where, placeOf(doc, parsed.side, where), [...userIds], actor.userId));
      }
      if (actor.role === 'guest') this.track(this.guestWrote(parsed.caseId, actor.userId));
    };
    planFragment(doc).observeDeep(onChange(true));
    activityMap(doc).observeDeep(onChange(false));
    if (parsed.side === 'team') {
      fieldsMap(doc).observe((event, tr) => {
        // A new owner, set by a person here or by the server for an HTTP request here (not a load, not another node).
        const change = event.changes.keys.get('ownerId');
        const fromHere = isConn(tr.origin) || (tr.origin === 'server' && change?.action === 'update');
        const ownerId: unknown = fieldsMap(doc).get('ownerId');
        if (!change || change.action === 'delete' || !fromHere || typeof ownerId !== 'string') return;
        const actorId = isConn(tr.origin) ? tr.origin.actor.userId : null;
        if (ownerId !== actorId) this.track(this.assigned(parsed.caseId, ownerId, actorId));
      });
    }
  };

  private track(work: Promise<void>): void {
    work.catch((err: unknown) => this.log.error({ err }, 'a document notification failed'));
  }

  /** Who of `userIds` may open this side of the case, as the access policy decides. */
  private async allowed(caseId: string, side: DocSide, userIds: string[]) {
    const [row] = await this.db.select({ workspaceId: cases.workspaceId, title: cases.title, private: cases.private }).from(cases).where(eq(cases.id, caseId));
    if (!row) return null;
    const [team, members] = await Promise.all([
      this.db
        .select({ userId: caseMembers.userId, access: caseMembers.access })
        .from(caseMembers)
        .where(and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, userIds))),
      this.db
        .select({ userId: memberships.userId, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, row.workspaceId), inArray(memberships.userId, userIds))),
    ]);
    const ok = members.filter((m) => {
      const onTeam = team.find((t) => t.userId === m.userId);
      const subject = { workspaceId: row.workspaceId, private: row.private, membership: onTeam ? { access: onTeam.access } : null };
      return can({ workspaceId: row.workspaceId, role: m.role }, docReadAction(side), subject);
    });
    return { ...row, userIds: ok.map((m) => m.userId) };
  }

  private async mentioned(caseId: string, side: DocSide, where: string, place: string, userIds: string[], actorId: string): Promise<void> {
    const target = await this.allowed(caseId, side, userIds);
    if (!target || target.userIds.length === 0) return;
    await notify(this.db, {
      workspaceId: target.workspaceId,
      userIds: target.userIds,
      kind: 'mention',
      about: { caseId, side },
      activityId: where.startsWith('note:') ? where.slice(5) : null,
      text: `${(await findUserName(this.db, actorId)) ?? 'Someone'} mentioned you in ${place} on "${target.title}"`,
    });
  }

  private async assigned(caseId: string, ownerId: string, actorId: string | null): Promise<void> {
    const target = await this.allowed(caseId, 'team', [ownerId]);
    if (!target || target.userIds.length === 0) return;
    const by = actorId ? `${(await findUserName(this.db, actorId)) ?? 'Someone'} made you` : 'You are now';
    await notify(this.db, {
      workspaceId: target.workspaceId,
      userIds: target.userIds,
      kind: 'assignment',
      about: { caseId, side: 'team' },
      text: `${by} the owner of "${target.title}"`,
    });
  }

  private async guestWrote(caseId: string, actorId: string): Promise<void> {
    const key = `${caseId}\u0000${actorId}`;
    const last = this.lastGuestNotice.get(key) ?? -Infinity;
    if (this.now() - last < guestQuietMs) return;
    this.lastGuestNotice.set(key, this.now());
    const [row] = await this.db.select({ workspaceId: cases.workspaceId, title: cases.title, ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId));
    if (!row) return;
    const team = await this.db
      .select({ userId: caseMembers.userId })
      .from(caseMembers)
      .innerJoin(memberships, and(eq(memberships.userId, caseMembers.userId), eq(memberships.workspaceId, row.workspaceId)))
      .where(and(eq(caseMembers.caseId, caseId), inArray(memberships.role, ['owner', 'admin', 'member'])));
    await notify(this.db, {
      workspaceId: row.workspaceId,
      userIds: [...(row.ownerId ? [row.ownerId] : []), ...team.map((t) => t.userId)].filter((id) => id !== actorId),
      kind: 'guest.activity',
      about: { caseId, side: 'shared' },
      text: `${(await findUserName(this.db, actorId)) ?? 'A guest'} (guest) is working on "${row.title}"`,
    });
  }
}
