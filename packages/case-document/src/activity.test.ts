import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActivity, copyActivity, readActivity, teamOnlyEntryKeys, updateActivity } from './activity.js';

describe('activity entries', () => {
  const entry = {
    kind: 'email' as const,
    at: '2026-11-23T09:00:00.000Z',
    actorId: null,
    actorName: 'Carla',
    summary: 'Down again — Carla',
    emailId: 'e1',
    threadId: 't1',
    direction: 'inbound' as const,
    flag: 'moment-of-truth' as const,
    score: 81,
    signals: ['down'],
    assigneeId: 'u1',
    routing: "Routed to Dana by rule 'Outages'",
    responseDueAt: '2026-11-23T10:00:00.000Z',
  };

  it('a copy for guests leaves out what only the team knows (score, owner, routing, response clock)', () => {
    const team = new Y.Doc();
    addActivity(team, 'a1', entry);
    updateActivity(team, 'a1', { responseBreachedAt: '2026-11-23T10:01:00.000Z' });
    const record = readActivity(team, 'a1');
    expect(record).toMatchObject({ routing: entry.routing, responseBreachedAt: '2026-11-23T10:01:00.000Z' });
    if (!record) throw new Error('the entry was not written');
    const shared = new Y.Doc();
    copyActivity(record, shared);
    const copy = readActivity(shared, 'a1');
    expect(copy).toMatchObject({ kind: 'email', summary: entry.summary, emailId: 'e1', threadId: 't1' });
    for (const key of teamOnlyEntryKeys) expect(copy).not.toHaveProperty(key);
  });
});
