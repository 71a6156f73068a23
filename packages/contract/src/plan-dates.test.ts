import { describe, expect, it } from 'vitest';
import { addToDate, dateIn, daysBetween, describeDue, instantAt, promiseDueAt, relativeFrom, resolveDue } from './plan-dates.js';

describe('[issue 15.3] plan template dates', () => {
  it('moves days across month and year ends, and leap days', () => {
    expect(addToDate('2027-01-31', 1, 'days')).toBe('2027-02-01');
    expect(addToDate('2027-03-01', -1, 'days')).toBe('2027-02-28');
    expect(addToDate('2028-03-01', -1, 'days')).toBe('2028-02-29');
    expect(addToDate('2027-12-31', 1, 'days')).toBe('2028-01-01');
    expect(addToDate('2028-01-01', -30, 'days')).toBe('2027-12-02');
    expect(addToDate('2027-03-31', -30, 'days')).toBe('2027-03-01');
    expect(addToDate('2028-03-31', -30, 'days')).toBe('2028-03-01');
    expect(addToDate('2028-03-30', -30, 'days')).toBe('2028-02-29');
    expect(addToDate('2027-02-22', 1, 'weeks')).toBe('2027-03-01');
    expect(addToDate('2028-02-22', 1, 'weeks')).toBe('2028-02-29');
  });

  it('moves months to the last day when the month is shorter', () => {
    expect(addToDate('2027-01-31', 1, 'months')).toBe('2027-02-28');
    expect(addToDate('2028-01-31', 1, 'months')).toBe('2028-02-29');
    expect(addToDate('2028-02-29', 12, 'months')).toBe('2029-02-28');
    expect(addToDate('2027-03-31', -1, 'months')).toBe('2027-02-28');
    expect(addToDate('2027-05-31', -1, 'months')).toBe('2027-04-30');
    expect(addToDate('2027-01-15', -1, 'months')).toBe('2026-12-15');
    expect(addToDate('2027-12-31', 2, 'months')).toBe('2028-02-29');
    expect(addToDate('2027-10-31', -13, 'months')).toBe('2026-09-30');
  });

  it('refuses what is not a date', () => {
    expect(() => addToDate('2027-02-30', 1, 'days')).toThrow(RangeError);
    expect(() => addToDate('27-1-1', 1, 'days')).toThrow(RangeError);
  });

  it('counts days between dates across a leap day', () => {
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2027-03-01', '2027-02-01')).toBe(-28);
  });

  it('resolves from the close date or the creation day, and not from a close date the case lacks', () => {
    const createdAt = new Date('2027-01-31T10:00:00Z');
    expect(resolveDue({ from: 'close', amount: -30, unit: 'days' }, { closeDate: '2027-03-31', createdAt })).toBe('2027-03-01');
    expect(resolveDue({ from: 'created', amount: 7, unit: 'days' }, { closeDate: null, createdAt })).toBe('2027-02-07');
    expect(resolveDue({ from: 'created', amount: 1, unit: 'months' }, { closeDate: null, createdAt })).toBe('2027-02-28');
    expect(resolveDue({ from: 'close', amount: -30, unit: 'days' }, { closeDate: null, createdAt })).toBeNull();
  });

  it('takes the creation day in the zone when one is given', () => {
    // 23:30 UTC on 31 January is already 1 February in Berlin and still 31 January in New York.
    const createdAt = new Date('2027-01-31T23:30:00Z');
    const plus7 = { from: 'created', amount: 7, unit: 'days' } as const;
    expect(resolveDue(plus7, { closeDate: null, createdAt })).toBe('2027-02-07');
    expect(resolveDue(plus7, { closeDate: null, createdAt, zone: 'Europe/Berlin' })).toBe('2027-02-08');
    expect(resolveDue(plus7, { closeDate: null, createdAt, zone: 'America/New_York' })).toBe('2027-02-07');
    expect(dateIn(new Date('2028-02-29T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2028-03-01');
  });

  it('puts a promise at 17:00 on its day, in the zone when given (summer and winter time)', () => {
    expect(promiseDueAt('2027-03-01')).toBe('2027-03-01T17:00:00.000Z');
    expect(promiseDueAt('2027-01-15', 'Europe/Berlin')).toBe('2027-01-15T16:00:00.000Z');
    expect(promiseDueAt('2027-07-15', 'Europe/Berlin')).toBe('2027-07-15T15:00:00.000Z');
    expect(promiseDueAt('2028-02-29', 'America/New_York')).toBe('2028-02-29T22:00:00.000Z');
    expect(promiseDueAt('2027-06-30', 'Asia/Kolkata')).toBe('2027-06-30T11:30:00.000Z');
    // The day clocks change in Berlin (31 March 2030, 02:00 → 03:00): 17:00 is summer time.
    expect(promiseDueAt('2030-03-31', 'Europe/Berlin')).toBe('2030-03-31T15:00:00.000Z');
    expect(instantAt('2027-12-31', '23:59', 'Pacific/Auckland').toISOString()).toBe('2027-12-31T10:59:00.000Z');
  });

  it('turns a date back into days from an anchor', () => {
    const anchors = { closeDate: '2027-03-31', createdAt: new Date('2027-01-31T10:00:00Z') };
    expect(relativeFrom('2027-03-01', 'close', anchors)).toEqual({ from: 'close', amount: -30, unit: 'days' });
    expect(relativeFrom('2027-02-07', 'created', anchors)).toEqual({ from: 'created', amount: 7, unit: 'days' });
    expect(relativeFrom('2027-02-07', 'close', { ...anchors, closeDate: null })).toBeNull();
  });

  it('says a relative date in words', () => {
    expect(describeDue({ from: 'close', amount: -30, unit: 'days' })).toBe('close date − 30 days');
    expect(describeDue({ from: 'created', amount: 1, unit: 'weeks' })).toBe('creation + 1 week');
    expect(describeDue({ from: 'close', amount: 0, unit: 'days' })).toBe('on the close date');
  });
});
