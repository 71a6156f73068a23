import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addMilestone } from './milestones.js';
import { listExpectations, readPromiseSide } from './expectations.js';
import { appendPlanOutline, readPlanOutline } from './plan-outline.js';

describe('[issue 15.3] a plan outline in the shared document', () => {
  it('appends text, milestones after the existing ones and their promises of both sides, and reads them back', () => {
    const doc = new Y.Doc();
    addMilestone(doc, 'first', { title: 'Already there' });
    appendPlanOutline(doc, {
      planText: 'Goal: go live in March\n\nBoth sides sign by the close date',
      milestones: [
        {
          id: 'm1',
          title: 'Security review',
          dueAt: '2027-03-01',
          promises: [
            { id: 'p1', side: 'team', text: 'Send the SOC 2 report', dueAt: '2027-02-20T17:00:00.000Z', ownerId: 'u1' },
            { id: 'p2', side: 'customer', text: 'Return the questionnaire', dueAt: '2027-02-25T17:00:00.000Z', ownerId: null },
          ],
        },
        { id: 'm2', title: 'Signature', dueAt: null, promises: [] },
      ],
    });
    expect(readPromiseSide(doc, 'p2')).toBe('customer');
    expect(listExpectations(doc).map((e) => [e.id, e.status])).toEqual([
      ['p1', 'open'],
      ['p2', 'open'],
    ]);
    expect(readPlanOutline(doc)).toEqual({
      planText: 'Goal: go live in March\n\nBoth sides sign by the close date',
      milestones: [
        { title: 'Already there', dueAt: null, promises: [] },
        {
          title: 'Security review',
          dueAt: '2027-03-01',
          promises: [
            { side: 'team', text: 'Send the SOC 2 report', dueAt: '2027-02-20T17:00:00.000Z' },
            { side: 'customer', text: 'Return the questionnaire', dueAt: '2027-02-25T17:00:00.000Z' },
          ],
        },
        { title: 'Signature', dueAt: null, promises: [] },
      ],
    });
  });
});
