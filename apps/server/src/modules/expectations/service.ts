import {
  addExpectation,
  docName,
  readExpectation,
  setPromiseSide,
  updateExpectation,
  type Expectation,
  type ExpectationStatus,
  type PromiseSide,
} from '@casehub/case-document';
import { addToDate, dateIn, instantAt, type KeptOverTime } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { Actor } from '../access/policy.js';
import type { ActivityService } from '../activity/service.js';
import { loadBusinessHours } from '../business-hours/repo.js';
import { findUserName } from '../cases/repo.js';
import type { CasesService } from '../cases/service.js';
import type { ExpectationProjector } from './projection.js';
import * as repo from './repo.js';

export type NewExpectation = {
  text: string;
  ownerId?: string | null | undefined;
  promisedTo: string;
  /** ISO-8601 with an offset; stored as UTC. */
  dueAt: string;
  sourceActivityId?: string | undefined;
  /** Promises the customer should see go into the shared document. */
  shared: boolean;
  side: PromiseSide;
};

export type ExpectationEdit = {
  status?: ExpectationStatus | undefined;
  text?: string | undefined;
  dueAt?: string | undefined;
  ownerId?: string | null | undefined;
};

type Deps = { db: Db; rooms: RoomManager; cases: CasesService; activity: ActivityService; projector: ExpectationProjector; now: () => Date };

/** Promises made to or by the customer: written into the case documents, read from their index. */
export function createExpectationsService({ db, rooms, cases, activity, projector, now }: Deps) {
  /** [issue 20.11] An owner must be someone who may own a promise of this case and side (repo.eligibleOwners). */
  const assertOwner = async (workspaceId: string, caseId: string, ownerId: string | null, side: PromiseSide): Promise<void> => {
    if (ownerId && !(await repo.eligibleOwners(db, workspaceId, caseId, [ownerId], side)).has(ownerId)) {
      throw new AppError('validation_failed', `ownerId: must be a member of this workspace${side === 'customer' ? ' or a guest on this case' : ''}`);
    }
  };

  /** Both sides' kept promises month by month, in the workspace's time zone (issue 15.2). */
  const keptOverTime = async (actor: Actor, count: number): Promise<KeptOverTime> => {
    const { timeZone } = await loadBusinessHours(db, actor.workspaceId);
    const months = monthKeys(now(), count, timeZone);
    const first = months[0] ?? dateIn(now(), timeZone).slice(0, 7);
    const last = months.at(-1) ?? first;
    const window = { from: instantAt(`${first}-01`, '00:00', timeZone), to: instantAt(addToDate(`${last}-01`, 1, 'months'), '00:00', timeZone), timeZone };
    const rows = await repo.countKeptPromisesByMonth(db, actor, window);
    const at = new Map(months.map((m, i) => [m, i]));
    type Series = { team: repo.KeptCount[]; customer: repo.KeptCount[] };
    const empty = (): Series => ({ team: months.map(() => ({ kept: 0, total: 0 })), customer: months.map(() => ({ kept: 0, total: 0 })) });
    const overall = empty();
    const owners = new Map<string, { ownerId: string | null; name: string | null } & Series>();
    const accounts = new Map<string, { account: string | null } & Series>();
    for (const r of rows) {
      const i = at.get(r.month);
      if (i === undefined) continue;
      const owner = owners.get(r.ownerId ?? '') ?? { ownerId: r.ownerId, name: r.name, ...empty() };
      owners.set(r.ownerId ?? '', owner);
      const account = accounts.get(r.account ?? '') ?? { account: r.account, ...empty() };
      accounts.set(r.account ?? '', account);
      for (const series of [overall, owner, account]) {
        const cell = series[r.promiseSide][i];
        if (cell) {
          cell.kept += r.kept;
          cell.total += r.total;
        }
      }
    }
    // Per account would name the accounts, a team-only field (issue 20.5): not for guests.
    return { months, timeZone, overall, byOwner: [...owners.values()], byAccount: actor.role === 'guest' ? [] : [...accounts.values()] };
  };

  return {
    async record(actor: Actor, caseId: string, input: NewExpectation): Promise<{ expectationId: string; side: 'team' | 'shared' }> {
      await cases.authorize(actor, caseId, 'case.edit', 'Only editors on the team can record a promise');
      const ownerId = input.ownerId ?? actor.userId;
      await assertOwner(actor.workspaceId, caseId, ownerId, input.side);
      const id = newId();
      const side = input.shared ? 'shared' : 'team';
      const name = docName(caseId, side);
      await rooms.change(name, (doc) => {
        addExpectation(doc, id, {
          text: input.text,
          ownerId,
          promisedTo: input.promisedTo,
          dueAt: new Date(input.dueAt).toISOString(),
          status: 'open',
          ...(input.sourceActivityId && { sourceActivityId: input.sourceActivityId }),
        });
        setPromiseSide(doc, id, input.side);
      });
      await projector.flushDoc(name);
      await addPromiseLine(
        { db, activity, now },
        caseId,
        actor.userId,
        `Promised${input.promisedTo ? ` to ${input.promisedTo}` : ''}: ${input.text} (due ${input.dueAt.slice(0, 10)})`,
      );
      return { expectationId: id, side };
    },

    /** Changes a promise in whichever of the case's documents holds it. */
    async change(actor: Actor, caseId: string, expectationId: string, edit: ExpectationEdit): Promise<void> {
      await cases.authorize(actor, caseId, 'case.edit', 'Only editors on the team can change a promise');
      if (edit.ownerId) {
        await assertOwner(actor.workspaceId, caseId, edit.ownerId, (await repo.findPromiseSide(db, caseId, expectationId)) ?? 'team');
      }
      const change = {
        ...(edit.status && { status: edit.status }),
        ...(edit.text && { text: edit.text }),
        ...(edit.dueAt && { dueAt: new Date(edit.dueAt).toISOString() }),
        ...(edit.ownerId !== undefined && { ownerId: edit.ownerId }),
      };
      for (const side of ['team', 'shared'] as const) {
        const name = docName(caseId, side);
        const seen: { before?: Expectation; after?: Expectation } = {};
        await rooms.change(name, (doc) => {
          const before = readExpectation(doc, expectationId);
          if (!before) return;
          // [issue 5] A missed promise given a later due date is open again (the clock moves it on from there).
          const reopen = !change.status && change.dueAt && before.status === 'missed' && Date.parse(change.dueAt) > now().getTime();
          updateExpectation(doc, expectationId, reopen ? { ...change, status: 'open' } : change);
          seen.before = before;
          seen.after = readExpectation(doc, expectationId) ?? undefined;
        });
        const { before, after } = seen;
        if (before && after) {
          await projector.flushDoc(name);
          const line = editLine(before, after);
          if (line) await addPromiseLine({ db, activity, now }, caseId, actor.userId, line);
          return;
        }
      }
      throw notFound('No such promise on this case');
    },

    async list(actor: Actor, q: { view: repo.ExpectationView; caseId?: string | undefined }) {
      const rows = await repo.listVisibleExpectations(db, actor, { ...q, now: now() });
      return {
        expectations: rows.map(({ row, caseTitle, account, ownerName }) => ({
          id: row.expectationId,
          caseId: row.caseId,
          caseTitle,
          // The account is a team-only field (issue 20.5): guests get the shared fields only.
          account: actor.role === 'guest' ? '' : account,
          side: row.side,
          promiseSide: row.promiseSide,
          text: row.text,
          ownerId: row.ownerId,
          ownerName,
          promisedTo: row.promisedTo,
          dueAt: row.dueAt.toISOString(),
          status: row.status,
        })),
      };
    },

    /**
     * Kept-promise rates, the share of settled promises that were met: the
     * team's ("kept by us") and, apart, the customer's ("kept by them",
     * issue 15.2: a customer whose promises slip is a risk to see early).
     */
    async stats(actor: Actor, q: { months: number } = { months: 6 }) {
      const rate = <T extends repo.KeptCount>(r: T) => ({ ...r, rate: r.total ? r.kept / r.total : null });
      const side = async (which: 'team' | 'customer') => {
        const { overall, byOwner, byAccount } = await repo.countKeptPromises(db, actor, which);
        // Per account would name the accounts, a team-only field (issue 20.5): not for guests.
        return { overall: rate(overall), byOwner: byOwner.map(rate), byAccount: actor.role === 'guest' ? [] : byAccount.map(rate) };
      };
      const [ours, theirs, overTime] = await Promise.all([side('team'), side('customer'), keptOverTime(actor, q.months)]);
      return { ...ours, customer: theirs, overTime };
    },
  };
}
export type ExpectationsService = ReturnType<typeof createExpectationsService>;

/**
 * [issue 5] The stream's line for a person's change of a promise ("Promise
 * met: …", "Promise reopened: …, now due 2026-12-10", "Promise changed: …"),
 * or null when nothing a reader would notice changed.
 */
/** A person's line about a promise in the case team's stream ("Promised …", "Promise met: …"). */
export async function addPromiseLine(
  { db, activity, now }: Pick<Deps, 'db' | 'activity' | 'now'>,
  caseId: string,
  userId: string,
  summary: string,
): Promise<void> {
  await activity.add(caseId, 'team', {
    kind: 'expectation',
    at: now().toISOString(),
    actorId: userId,
    actorName: (await findUserName(db, userId)) ?? '',
    summary,
  });
}

export function editLine(before: Expectation, after: Expectation): string | null {
  const due = after.dueAt.slice(0, 10);
  if (after.status !== before.status) {
    if (after.status === 'met') return `Promise met: ${after.text}`;
    if (after.status === 'missed') return `Promise marked missed: ${after.text}`;
    if (before.status === 'missed' || before.status === 'met') return `Promise reopened: ${after.text}, now due ${due}`;
  }
  const parts = [
    ...(after.text !== before.text ? [`was "${before.text}"`] : []),
    ...(after.dueAt !== before.dueAt ? [`now due ${due}`] : []),
    ...(after.ownerId !== before.ownerId ? ['new owner'] : []),
  ];
  return parts.length > 0 ? `Promise changed: ${after.text} (${parts.join('; ')})` : null;
}

/** The last `count` months (`YYYY-MM`) up to the one `now` falls in on the clocks of `timeZone`, oldest first. */
export function monthKeys(now: Date, count: number, timeZone: string): string[] {
  const current = `${dateIn(now, timeZone).slice(0, 7)}-01`;
  return Array.from({ length: count }, (_, i) => addToDate(current, i - (count - 1), 'months').slice(0, 7));
}
