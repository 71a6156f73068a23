import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addExpectation, setExpectationStatus } from './expectations.js';
import { milestonesMap } from './document.js';
import { addMilestone, listMilestones, moveMilestone, planProgress, removeMilestone, setPromiseMilestone, updateMilestone } from './milestones.js';

describe('milestones (DESIGN §3)', () => {
  it('[issue 15.1] are kept as a map of maps with title, dueAt, order and status; listed in order with their promises counted', () => {
    const doc = new Y.Doc();
    addMilestone(doc, 'm1', { title: 'Security review', dueAt: '2027-03-01' });
    addMilestone(doc, 'm2', { title: 'Signed order form', dueAt: '2027-03-31T17:00:00Z', status: 'in-progress' });
    const raw = milestonesMap(doc).get('m1');
    expect(raw).toBeInstanceOf(Y.Map);
    expect(Object.fromEntries((raw as Y.Map<unknown>).entries())).toEqual({ title: 'Security review', dueAt: '2027-03-01', order: 1, status: 'planned' });

    addExpectation(doc, 'p1', { text: 'Send the SOC 2 report', ownerId: 'u1', dueAt: '2027-02-20T12:00:00Z' });
    addExpectation(doc, 'p2', { text: 'Questionnaire back', ownerId: null, dueAt: '2027-02-25T12:00:00Z' });
    expect(setPromiseMilestone(doc, 'p1', 'm1')).toBe(true);
    expect(setPromiseMilestone(doc, 'p2', 'm1')).toBe(true);
    expect(setPromiseMilestone(doc, 'p2', 'no-such-step')).toBe(false);
    setExpectationStatus(doc, 'p1', 'met');
    expect(listMilestones(doc).map((m) => [m.id, m.order, m.promises, m.met])).toEqual([
      ['m1', 1, 2, 1],
      ['m2', 2, 0, 0],
    ]);
    expect(planProgress(listMilestones(doc))).toEqual({ done: 0, total: 2 });
  });

  it('[issue 15.1] change, move and remove; a malformed step written by hand is left out, not thrown on', () => {
    const doc = new Y.Doc();
    addMilestone(doc, 'a', { title: 'Kick-off' });
    addMilestone(doc, 'b', { title: 'Pilot' });
    expect(updateMilestone(doc, 'a', { status: 'done' })).toBe(true);
    expect(updateMilestone(doc, 'a', { status: 'finished' as never })).toBe(false);
    expect(moveMilestone(doc, 'b', -1)).toBe(true);
    expect(listMilestones(doc).map((m) => m.id)).toEqual(['b', 'a']);
    expect(moveMilestone(doc, 'b', -1)).toBe(false);
    expect(planProgress(listMilestones(doc))).toEqual({ done: 1, total: 2 });

    addExpectation(doc, 'p', { text: 'Pilot users named', ownerId: null, dueAt: '2027-01-10T12:00:00Z' });
    setPromiseMilestone(doc, 'p', 'b');
    expect(removeMilestone(doc, 'b')).toBe(true);
    expect(listMilestones(doc).map((m) => m.id)).toEqual(['a']);

    const junk = new Y.Map<unknown>();
    junk.set('title', 42);
    milestonesMap(doc).set('junk', junk);
    expect(listMilestones(doc).map((m) => m.id)).toEqual(['a']);
    expect(planProgress([])).toBeNull();
  });
});
