import { docName, priorities, readField, writeFields } from '@casehub/case-document';
import { eq } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases } from '../../storage/schema.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { ActivityListener } from '../activity/service.js';
import { notify } from '../notifications/service.js';

/**
 * What happens when a message is flagged as a moment of truth: the case's
 * priority goes to urgent (it is never lowered here), and the message's
 * owner, the case owner and the team are notified with the words that drove
 * the score (those of them who may read the team document).
 */
export function momentsOfTruth({ db, rooms }: { db: Db; rooms: RoomManager }): ActivityListener {
  return async ({ caseId, side, id, entry }) => {
    if (entry.flag !== 'moment-of-truth' || side !== 'team') return;
    const name = docName(caseId, 'team');
    const below = (current: string) => priorities.indexOf(current as (typeof priorities)[number]) < priorities.indexOf('urgent');
    // Already urgent in the loaded document (so after the first flagged message of an import): no
    // change, since each change copies the whole document and a large import flags many (issue 20.9).
    const loaded = rooms.peek(name);
    if (!loaded || below(readField(loaded.doc, 'priority') ?? 'normal')) {
      await rooms.change(name, (doc) => {
        if (below(readField(doc, 'priority') ?? 'normal')) writeFields(doc, { priority: 'urgent' });
      });
    }
    const [row] = await db.select({ workspaceId: cases.workspaceId, ownerId: cases.ownerId, title: cases.title }).from(cases).where(eq(cases.id, caseId));
    if (!row) return;
    const team = await db.select({ userId: caseMembers.userId }).from(caseMembers).where(eq(caseMembers.caseId, caseId));
    const why = entry.signals?.length ? ` (${entry.signals.slice(0, 4).join(', ')})` : '';
    await notify(db, {
      workspaceId: row.workspaceId,
      userIds: [...(entry.assigneeId ? [entry.assigneeId] : []), ...(row.ownerId ? [row.ownerId] : []), ...team.map((t) => t.userId)],
      kind: 'moment-of-truth',
      // The message is in the team stream: guests on the team are not told (issue 20.4).
      about: { caseId, side: 'team' },
      activityId: id,
      text: `Moment of truth on "${row.title}": ${entry.summary}${why}`,
    });
  };
}
