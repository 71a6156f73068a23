import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActivity, fillParagraphs, listActivity } from './activity.js';
import { fragmentText, planFragment } from './document.js';
import { addExpectation, listExpectations } from './expectations.js';
import { addPlanAsNote, copyItems, itemIds, planIsEmpty, putItems, removeItems } from './moving.js';

const at = '2026-12-04T10:00:00.000Z';

describe('moving items between case documents (issue 17.5)', () => {
  it('copies entries with their note bodies into another document, then takes them out of the first', () => {
    const from = new Y.Doc();
    const to = new Y.Doc();
    addActivity(from, 'n1', { kind: 'note', at, actorId: 'u1', actorName: 'Dana', summary: 'Seats' }, fillParagraphs('Forty seats\nby Friday'));
    addActivity(from, 'e1', { kind: 'email', at, actorId: null, actorName: 'Carla', summary: 'Quote', emailId: 'm1', threadId: 't1' });
    addExpectation(from, 'p1', { text: 'Quote by Friday', ownerId: 'u1', dueAt: at });
    addActivity(to, 'n1x', { kind: 'note', at, actorId: 'u2', actorName: 'Sam', summary: 'Kept' });

    const copies = copyItems(from, 'activity', ['n1', 'e1', 'missing']);
    expect(copies.map((c) => c.id)).toEqual(['n1', 'e1']);
    expect(putItems(to, 'activity', copies)).toEqual(['n1', 'e1']);
    expect(putItems(to, 'expectations', copyItems(from, 'expectations'))).toEqual(['p1']);
    const moved = listActivity(to).find((e) => e.id === 'n1');
    expect(moved?.body && fragmentText(moved.body)).toContain('Forty seats');
    expect(listActivity(to).find((e) => e.id === 'e1')).toMatchObject({ emailId: 'm1', threadId: 't1' });
    expect(listExpectations(to).map((e) => e.text)).toEqual(['Quote by Friday']);

    expect(removeItems(from, 'activity', ['n1', 'e1', 'missing'])).toEqual(['n1', 'e1']);
    expect(itemIds(from, 'activity')).toEqual([]);
    // The copy is its own: editing the source's leftovers no longer reaches it, and an id already held is not replaced.
    expect(putItems(to, 'activity', copyItems(to, 'activity', ['n1x']))).toEqual([]);
    expect(itemIds(to, 'activity').sort()).toEqual(['e1', 'n1', 'n1x']);
  });

  it('keeps a plan as a note of the other document', () => {
    const from = new Y.Doc();
    const to = new Y.Doc();
    expect(planIsEmpty(from)).toBe(true);
    fillParagraphs('Upsell support')(planFragment(from));
    expect(planIsEmpty(from)).toBe(false);
    addPlanAsNote(from, to, 'plan1', { at, actorId: 'u1', actorName: 'Dana', summary: 'Account plan of "Dup"' });
    const note = listActivity(to)[0];
    expect(note).toMatchObject({ id: 'plan1', kind: 'note', summary: 'Account plan of "Dup"' });
    expect(note?.body && fragmentText(note.body)).toContain('Upsell support');
    // The source keeps its plan.
    expect(fragmentText(planFragment(from))).toContain('Upsell support');
  });
});
