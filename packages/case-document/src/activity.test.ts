import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addActivity,
  copyActivity,
  deleteActivity,
  listActivity,
  readActivity,
  readDeletedActivity,
  restoreActivity,
  teamOnlyEntryKeys,
  updateActivity,
} from './activity.js';

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

  it('[A7] a copy for guests leaves out what only the team knows (score, owner, routing, response clock)', () => {
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

  it('[issue 21.8] a deleted entry leaves the stream and reads as absent, keeps its body, and a restore brings it back as it was', () => {
    const doc = new Y.Doc();
    addActivity(doc, 'n1', { kind: 'note', at: '2026-11-23T09:00:00.000Z', actorId: 'u1', actorName: 'Dana', summary: 'stray note' }, (body) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('stray note')]);
      body.insert(0, [p]);
    });
    addActivity(doc, 'a1', entry);
    expect(deleteActivity(doc, 'n1', { at: '2026-11-23T09:05:00.000Z', by: 'u1', unshared: false })).toBe(true);
    expect(deleteActivity(doc, 'n1', { at: '2026-11-23T09:06:00.000Z', by: 'u1', unshared: false })).toBe(false);
    expect(readActivity(doc, 'n1')).toBeNull();
    expect(listActivity(doc).map((e) => e.id)).toEqual(['a1']);
    expect(readDeletedActivity(doc, 'n1')?.deleted).toEqual({ at: '2026-11-23T09:05:00.000Z', by: 'u1', unshared: false });
    expect(readDeletedActivity(doc, 'a1')).toBeNull();

    expect(restoreActivity(doc, 'n1')).toBe(true);
    expect(restoreActivity(doc, 'n1')).toBe(false);
    const back = readActivity(doc, 'n1');
    expect(back).toMatchObject({ summary: 'stray note' });
    expect(back?.deleted).toBeUndefined();
    expect(back?.body?.toString()).toContain('stray note');
  });
});
