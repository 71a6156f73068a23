import { minutesOf, weekdays, type BusinessHours } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import * as repo from './repo.js';

export type BusinessHoursService = ReturnType<typeof createBusinessHoursService>;

/** Each day's stretches in order, so what is read back reads like a timetable. */
const tidy = (hours: BusinessHours): BusinessHours => ({
  ...hours,
  week: Object.fromEntries(weekdays.map((d) => [d, [...hours.week[d]].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))])) as BusinessHours['week'],
  holidays: [...hours.holidays].sort((a, b) => a.date.localeCompare(b.date)),
});

/**
 * The workspace's business hours (issue 17.6): members read them, owners
 * and admins change them (audited). A guest is told they do not exist.
 */
export function createBusinessHoursService({ db }: { db: Db }) {
  return {
    async get(actor: Actor): Promise<BusinessHours> {
      if (!canInWorkspace(actor, 'businessHours.read')) throw notFound();
      return repo.loadBusinessHours(db, actor.workspaceId);
    },

    async set(actor: Actor, input: BusinessHours): Promise<BusinessHours> {
      if (!canInWorkspace(actor, 'businessHours.read')) throw notFound();
      if (!canInWorkspace(actor, 'businessHours.manage')) throw new AppError('forbidden', 'Only owners and admins change business hours');
      const hours = tidy(input);
      await repo.saveBusinessHours(db, actor.workspaceId, hours);
      await insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'settings.business-hours',
        subjectId: actor.workspaceId,
        data: hours,
      });
      return hours;
    },
  };
}
