import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addExpectation,
  listExpectations,
  nextExpectationStatus,
  readExpectation,
  readPromiseSide,
  setExpectationStatus,
  setPromiseSide,
  updateExpectation,
} from './expectations.js';
import { expectationsMap } from './document.js';
import { addMilestone, isDateOnly, listMilestones, milestoneNotice, setPromiseMilestone } from './milestones.js';

const hour = 3600_000;
const due = '2026-11-27T17:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('expectation state transitions across time', () => {
  it.each([
    ['open, two days before due', 'open', '2026-11-25T17:00:00Z', null],
    ['open, inside the at-risk window', 'open', '2026-11-27T08:00:00Z', 'at-risk'],
    ['open, exactly at the window start', 'open', '2026-11-26T17:00:00Z', 'at-risk'],
    ['open, past due (skips at-risk)', 'open', '2026-11-28T09:00:00Z', 'missed'],
    ['at risk, before due', 'at-risk', '2026-11-27T16:59:59Z', null],
    ['at risk, at due', 'at-risk', '2026-11-27T17:00:00Z', 'missed'],
    ['met stays met after due', 'met', '2026-12-30T00:00:00Z', null],
    ['missed stays missed', 'missed', '2026-12-30T00:00:00Z', null],
  ] as const)('%s', (_label, status, now, expected) => {
    expect(nextExpectationStatus({ status, dueAt: due }, at(now), 24 * hour)).toBe(expected);
  });

  it('walks open → at-risk → missed as a controllable clock advances', () => {
    let status: 'open' | 'at-risk' | 'met' | 'missed' = 'open';
    const seen: string[] = [];
    for (let t = Date.parse('2026-11-25T00:00:00Z'); t <= Date.parse('2026-11-29T00:00:00Z'); t += hour) {
      const next = nextExpectationStatus({ status, dueAt: due }, new Date(t), 24 * hour);
      if (next) {
        status = next;
        seen.push(`${new Date(t).toISOString()} ${next}`);
      }
    }
    expect(seen).toEqual(['2026-11-26T17:00:00.000Z at-risk', '2026-11-27T17:00:00.000Z missed']);
  });

  it('a bad due date never changes state', () => {
    expect(nextExpectationStatus({ status: 'open', dueAt: 'soon' }, new Date(), hour)).toBeNull();
  });
});

describe('expectation accessors', () => {
  it('adds, reads, lists by due date and changes status', () => {
    const doc = new Y.Doc();
    addExpectation(doc, 'b', { text: 'Revised quote', ownerId: 'u1', promisedTo: 'Dana', dueAt: '2026-11-28T12:00:00Z' });
    addExpectation(doc, 'a', { text: 'Call back', ownerId: null, dueAt: '2026-11-27T12:00:00Z' });
    expect(listExpectations(doc).map((e) => e.id)).toEqual(['a', 'b']);
    expect(readExpectation(doc, 'b')).toMatchObject({ status: 'open', promisedTo: 'Dana' });
    expect(setExpectationStatus(doc, 'b', 'met')).toBe(true);
    expect(setExpectationStatus(doc, 'b', 'met')).toBe(false);
    expect(readExpectation(doc, 'b')?.status).toBe('met');
  });

  it('changes only the given parts of a promise, in one transaction, and refuses one that is not there', () => {
    const doc = new Y.Doc();
    addExpectation(doc, 'a', { text: 'Call back', ownerId: 'u1', promisedTo: 'Dana', dueAt: due });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(updateExpectation(doc, 'a', { status: 'met', ownerId: null })).toBe(true);
    expect(transactions).toBe(1);
    expect(readExpectation(doc, 'a')).toMatchObject({ text: 'Call back', ownerId: null, promisedTo: 'Dana', dueAt: due, status: 'met' });
    expect(updateExpectation(doc, 'a', { text: 'Call back twice', dueAt: '2026-11-30T09:00:00.000Z' })).toBe(true);
    expect(readExpectation(doc, 'a')).toMatchObject({ text: 'Call back twice', ownerId: null, dueAt: '2026-11-30T09:00:00.000Z', status: 'met' });
    expect(updateExpectation(doc, 'missing', { status: 'met' })).toBe(false);
  });

  it('reads an entry a third-party client wrote badly as absent', () => {
    const doc = new Y.Doc();
    const item = new Y.Map<unknown>();
    item.set('text', 42);
    expectationsMap(doc).set('x', item);
    expect(readExpectation(doc, 'x')).toBeNull();
    expect(listExpectations(doc)).toEqual([]);
  });
});

describe("a promise's side (DESIGN §3)", () => {
  it('is team when absent or unknown, customer only when it says so, and can be set', () => {
    const doc = new Y.Doc();
    addExpectation(doc, 'p', { text: 'Quote by Friday', ownerId: null, dueAt: '2026-11-28T12:00:00Z' });
    expect(readPromiseSide(doc, 'p')).toBe('team');
    expect(readPromiseSide(doc, 'nope')).toBeNull();
    expect(setPromiseSide(doc, 'p', 'customer')).toBe(true);
    expect(setPromiseSide(doc, 'p', 'customer')).toBe(false);
    expect(readPromiseSide(doc, 'p')).toBe('customer');
    (expectationsMap(doc).get('p') as Y.Map<unknown>).set('side', { nested: true });
    expect(readPromiseSide(doc, 'p')).toBe('team');
    expect(setPromiseSide(doc, 'nope', 'team')).toBe(false);
  });
});

describe('the clock on customer promises (issue 15.1)', () => {
  it("moves the customer's promise in the shared document open → at-risk → missed like the team's, keeping its side and its milestone", () => {
    const doc = new Y.Doc();
    addMilestone(doc, 'security', { title: 'Security review', dueAt: '2026-11-27' });
    addExpectation(doc, 'dpa', { text: 'Signed DPA back', ownerId: 'guest-1', promisedTo: 'Sally', dueAt: due });
    setPromiseSide(doc, 'dpa', 'customer');
    setPromiseMilestone(doc, 'dpa', 'security');
    const seen: string[] = [];
    for (let t = Date.parse('2026-11-25T00:00:00Z'); t <= Date.parse('2026-11-29T00:00:00Z'); t += hour) {
      const current = readExpectation(doc, 'dpa');
      const next = current && nextExpectationStatus(current, new Date(t), 24 * hour);
      if (next && setExpectationStatus(doc, 'dpa', next)) seen.push(`${new Date(t).toISOString()} ${next}`);
    }
    expect(seen).toEqual(['2026-11-26T17:00:00.000Z at-risk', '2026-11-27T17:00:00.000Z missed']);
    expect(readPromiseSide(doc, 'dpa')).toBe('customer');
    expect(readExpectation(doc, 'dpa')).toMatchObject({ ownerId: 'guest-1', status: 'missed' });
    expect(listMilestones(doc)[0]).toMatchObject({ id: 'security', promises: 1, met: 0, status: 'planned' });
  });

  it('a customer promise the guest met before it was due is never moved', () => {
    const doc = new Y.Doc();
    addExpectation(doc, 'ref', { text: 'Reference call', ownerId: 'guest-1', dueAt: due });
    setPromiseSide(doc, 'ref', 'customer');
    expect(setExpectationStatus(doc, 'ref', 'met')).toBe(true);
    for (const now of ['2026-11-27T08:00:00Z', '2026-11-28T08:00:00Z']) {
      const current = readExpectation(doc, 'ref');
      expect(current && nextExpectationStatus(current, at(now), 24 * hour)).toBeNull();
    }
  });
});

describe('milestone notices on the same clock (issue 15.1)', () => {
  const dueMs = Date.parse(due);
  it.each([
    ['planned, two days before', 'planned', '2026-11-25T17:00:00Z', null],
    ['planned, inside the window', 'planned', '2026-11-27T08:00:00Z', 'at-risk'],
    ['in progress, at the due moment', 'in-progress', '2026-11-27T17:00:00Z', 'missed'],
    ['done, long past due', 'done', '2026-12-30T00:00:00Z', null],
  ] as const)('%s', (_label, status, now, expected) => {
    expect(milestoneNotice({ status, dueMs }, at(now), 24 * hour)).toBe(expected);
  });
  it('a step without a date is never warned of', () => {
    expect(milestoneNotice({ status: 'planned', dueMs: null }, at('2030-01-01T00:00:00Z'), hour)).toBeNull();
    expect(isDateOnly('2026-11-27')).toBe(true);
    expect(isDateOnly('2026-11-27T17:00:00Z')).toBe(false);
  });
});
