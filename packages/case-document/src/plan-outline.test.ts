import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addMilestone } from './milestones.js';
import { listExpectations, readPromiseSide } from './expectations.js';
import { appendPlanOutline, readPlanOutline } from './plan-outline.js';
import { planFragment } from './document.js';

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

describe('[issue 15.3] a template keeps the plan’s headings and lists', () => {
  const text = [
    '# Goal',
    'Go live in March',
    '',
    '## Steps',
    '- Security review',
    '- Legal sign-off',
    '',
    '1. Pilot',
    '2. Rollout',
    '',
    'Both sides sign by the close date',
  ].join('\n');

  it('writes headings and lists as the editor’s blocks, and reads the same text back', () => {
    const doc = new Y.Doc();
    appendPlanOutline(doc, { planText: text, milestones: [] });
    const blocks = planFragment(doc)
      .toArray()
      .map((b) => (b instanceof Y.XmlElement ? b.nodeName : ''));
    expect(blocks).toEqual(['heading', 'paragraph', 'paragraph', 'heading', 'bulletList', 'paragraph', 'orderedList', 'paragraph', 'paragraph']);
    const heading = planFragment(doc).get(3);
    expect(heading instanceof Y.XmlElement && heading.getAttribute('level')).toBe(2);
    expect(readPlanOutline(doc).planText).toBe(text);
  });

  it('reads what the editor made: nested items flattened, marks dropped; a plain text stays as it was', () => {
    const doc = new Y.Doc();
    const list = new Y.XmlElement('bulletList');
    const item = (t: string, nested?: Y.XmlElement) => {
      const li = new Y.XmlElement('listItem');
      const p = new Y.XmlElement('paragraph');
      const x = new Y.XmlText();
      x.insert(0, t, t === 'Bold step' ? { bold: {} } : undefined);
      p.insert(0, [x]);
      li.insert(0, nested ? [p, nested] : [p]);
      return li;
    };
    const inner = new Y.XmlElement('bulletList');
    planFragment(doc).push([list]);
    inner.push([item('Inner step')]);
    list.push([item('Bold step', inner), item('Last step')]);
    expect(readPlanOutline(doc).planText).toBe('- Bold step\n- Inner step\n- Last step');

    const plain = new Y.Doc();
    appendPlanOutline(plain, { planText: 'Goal: go live in March\n\nBoth sides sign', milestones: [] });
    expect(readPlanOutline(plain).planText).toBe('Goal: go live in March\n\nBoth sides sign');
  });
});
