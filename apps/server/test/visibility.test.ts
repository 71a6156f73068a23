import type { CaseAccess, WorkspaceRole } from '@casehub/contract';
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, docReadAction, type CaseSubject } from '../src/modules/access/policy.js';
import { caseSideVisibleTo, caseVisibleTo, type Viewer } from '../src/modules/access/visibility.js';
import { upsertCaseMember } from '../src/modules/cases/repo.js';
import { caseMembers, cases } from '../src/storage/schema.js';
import { backends, createCase, inviteGuest, inviteMember, signUp, startTestServer, waitFor, type Client, type TestEnv } from './helpers.js';

/**
 * [A14] The SQL that lists cases and the policy that answers for one case are
 * the same rule. Every combination of workspace role × case privacy × the
 * asker's row on the case team × same or other workspace is created through
 * the API (the other workspace's team rows through the repo: the API never
 * puts a stranger on a team), then each is asked both ways.
 */

const roles = ['owner', 'admin', 'member', 'guest'] as const satisfies readonly WorkspaceRole[];
const levels = ['none', 'viewer', 'commenter', 'editor'] as const;
type Level = (typeof levels)[number];
type Combo = { workspace: 'same' | 'other'; private: boolean; level: Level };
type Person = { role: WorkspaceRole; client: Client; viewer: Viewer };

const rows = (result: unknown): Record<string, unknown>[] =>
  (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];

describe.each(backends)('one visibility rule on %s', (backend) => {
  let env: TestEnv;
  let people: Person[];
  /** The generated cases: one per workspace × privacy × team level, everyone of workspace A at that level. */
  let matrix: { id: string; combo: Combo }[];
  /** A word written into every generated case (a shared note and a team and a shared promise). */
  const word = `zanzibar${Date.now().toString(36)}`;

  beforeAll(async () => {
    env = await startTestServer(backend);
    const url = env.server.url;
    const owner = await signUp(url);
    const admin = await inviteMember(url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const member = await inviteMember(url, owner.client);
    // Cases of workspace A are made by a fifth person, so nobody of the matrix is on a team by making the case.
    const maker = await inviteMember(url, owner.client);
    const entry = await createCase(maker.client, { title: 'How the guest got in' });
    const guest = await inviteGuest(url, maker.client, entry.id, 'viewer');
    const other = await signUp(url, { workspaceName: 'Elsewhere' });
    const workspaceId = owner.me.workspace.id;
    const person = (role: WorkspaceRole, client: Client, userId: string): Person => ({ role, client, viewer: { workspaceId, userId, role } });
    people = [
      person('owner', owner.client, owner.me.user.id),
      person('admin', admin.client, admin.me.user.id),
      person('member', member.client, member.me.user.id),
      person('guest', guest.client, guest.userId),
    ];
    expect(people.map((p) => p.role)).toEqual([...roles]);

    matrix = [];
    const db = env.server.database.db;
    for (const workspace of ['same', 'other'] as const) {
      for (const isPrivate of [false, true]) {
        for (const level of levels) {
          const makerClient = workspace === 'same' ? maker.client : other.client;
          const made = await createCase(makerClient, { title: `${workspace} ${isPrivate ? 'private' : 'open'} ${level}`, private: isPrivate });
          matrix.push({ id: made.id, combo: { workspace, private: isPrivate, level } });
          if (level !== 'none') {
            for (const p of people) {
              if (workspace === 'other') {
                await upsertCaseMember(db, { caseId: made.id, userId: String(p.viewer.userId), access: level });
                continue;
              }
              // Lowering the workspace owner's or an admin's access to an open case is the owner's to do (A12).
              const by = isPrivate ? maker.client : owner.client;
              const res = await by.post(`/api/cases/${made.id}/members`, { userId: p.viewer.userId, access: level });
              expect(res.status, JSON.stringify(res.body)).toBe(200);
            }
          }
          const note = await makerClient.post(`/api/cases/${made.id}/notes`, { text: `About ${word}`, shared: true });
          expect(note.status).toBe(201);
          for (const shared of [false, true]) {
            const promise = await makerClient.post(`/api/cases/${made.id}/expectations`, {
              text: `Call back ${word}`,
              dueAt: new Date(Date.now() + 86_400_000).toISOString(),
              shared,
            });
            expect(promise.status).toBe(201);
          }
        }
      }
    }
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  /** What the policy needs of every case, for one person, read straight from the tables. */
  async function subjects(viewer: Viewer): Promise<Map<string, CaseSubject>> {
    const db = env.server.database.db;
    const all = await db.select({ id: cases.id, workspaceId: cases.workspaceId, private: cases.private }).from(cases);
    const mine = await db
      .select({ caseId: caseMembers.caseId, access: caseMembers.access })
      .from(caseMembers)
      .where(eq(caseMembers.userId, String(viewer.userId)));
    const access = new Map<string, CaseAccess>(mine.map((m) => [m.caseId, m.access]));
    return new Map(
      all.map((c) => {
        const a = access.get(c.id);
        return [c.id, { workspaceId: c.workspaceId, private: c.private, membership: a ? { access: a } : null }];
      }),
    );
  }

  const allowed = (p: Person, subjects: Map<string, CaseSubject>) =>
    [...subjects]
      .filter(([, s]) => can(p.viewer, 'case.view', s))
      .map(([id]) => id)
      .sort();

  it('[A14.1] the generated data covers every role × privacy × team access × workspace, and the policy both grants and refuses', async () => {
    const seen = new Set<string>();
    let granted = 0;
    for (const p of people) {
      const facts = await subjects(p.viewer);
      for (const { id, combo } of matrix) {
        const s = facts.get(id);
        expect(s).toBeDefined();
        if (!s) continue;
        // The tables hold what was generated.
        expect(s.private).toBe(combo.private);
        expect(s.workspaceId === p.viewer.workspaceId).toBe(combo.workspace === 'same');
        expect(s.membership?.access ?? 'none').toBe(combo.level);
        seen.add(`${p.role} ${combo.workspace} ${combo.private} ${combo.level}`);
        if (can(p.viewer, 'case.view', s)) granted++;
      }
    }
    expect(seen.size).toBe(roles.length * 2 * 2 * levels.length);
    expect(granted).toBeGreaterThan(0);
    expect(granted).toBeLessThan(seen.size);
  });

  it('[A14.1] a case is visible in SQL (caseVisibleTo, on the table and on an alias) exactly when can(actor, "case.view") grants it', async () => {
    const db = env.server.database.db;
    const c = alias(cases, 'c');
    for (const p of people) {
      const expected = allowed(p, await subjects(p.viewer));
      const viaTable = (await db.select({ id: cases.id }).from(cases).where(caseVisibleTo(p.viewer))).map((r) => r.id).sort();
      const viaAlias = rows(await db.execute(sql`select c.id from ${cases} c where ${caseVisibleTo(p.viewer, c)}`))
        .map((r) => String(r.id))
        .sort();
      expect(viaTable, p.role).toEqual(expected);
      expect(viaAlias, p.role).toEqual(expected);
      for (const { id, combo } of matrix) {
        expect(expected.includes(id), `${p.role} on ${JSON.stringify(combo)}`).toBe(viaTable.includes(id));
      }
    }
  });

  it('[A14.1] a side of a case is readable in SQL (caseSideVisibleTo) exactly when can(actor, "doc.<side>.read") grants it', async () => {
    const db = env.server.database.db;
    for (const p of people) {
      const facts = await subjects(p.viewer);
      const expected = [...facts]
        .flatMap(([id, s]) => (['team', 'shared'] as const).filter((side) => can(p.viewer, docReadAction(side), s)).map((side) => `${id}/${side}`))
        .sort();
      const found = rows(
        await db.execute(
          sql`select ${cases.id} as id, s.side from ${cases} cross join (values ('team'), ('shared')) s(side) where ${caseSideVisibleTo(p.viewer, sql`s.side`)}`,
        ),
      )
        .map((r) => `${String(r.id)}/${String(r.side)}`)
        .sort();
      expect(found, p.role).toEqual(expected);
    }
  });

  it('[A14.2] every reader of the rule agrees with the policy: the case list, one case, search, promises and the dashboard', async () => {
    for (const p of people) {
      const facts = await subjects(p.viewer);
      const expected = allowed(p, facts);
      const list = await p.client.get('/api/cases?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.cases.map((x: { id: string }) => x.id).sort(), p.role).toEqual(expected);

      for (const { id, combo } of matrix) {
        const one = await p.client.get(`/api/cases/${id}`);
        expect(one.status, `${p.role} GET case ${JSON.stringify(combo)}`).toBe(expected.includes(id) ? 200 : 404);
      }

      const visibleGenerated = matrix
        .filter((m) => expected.includes(m.id))
        .map((m) => m.id)
        .sort();
      const hits = await waitFor(async () => {
        const res = await p.client.get(`/api/search?q=${word}&limit=100`);
        expect(res.status).toBe(200);
        const ids = [...new Set<string>(res.body.results.map((r: { caseId: string }) => r.caseId))].sort();
        // Wait for the index to hold them all; more than expected fails below.
        return ids.length >= visibleGenerated.length ? ids : null;
      }, `${p.role}'s search hits`);
      expect(hits, p.role).toEqual(visibleGenerated);

      const promises = await p.client.get('/api/expectations');
      expect(promises.status).toBe(200);
      const sides = promises.body.expectations.map((e: { caseId: string; side: string }) => `${e.caseId}/${e.side}`).sort();
      const readable = matrix
        .flatMap(({ id }) => {
          const s = facts.get(id);
          return (['team', 'shared'] as const).filter((side) => s && can(p.viewer, docReadAction(side), s)).map((side) => `${id}/${side}`);
        })
        .sort();
      expect(sides, p.role).toEqual(readable);

      const dashboard = await p.client.get('/api/dashboard');
      if (p.role === 'guest') {
        expect(dashboard.status).toBe(404);
      } else {
        expect(dashboard.status).toBe(200);
        expect(dashboard.body.cases.open + dashboard.body.cases.closed, p.role).toBe(expected.length);
      }
    }
  }, 60_000);
});
