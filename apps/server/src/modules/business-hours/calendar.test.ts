import { businessHours, defaultBusinessHours, type BusinessHours, type WorkingSpan } from '@casehub/contract';
import { describe, expect, it } from 'vitest';
import { addWorkingTime, calendarOf, instantOf, subtractWorkingTime, weekStartFrom, weekStartIn, workingTimeBetween } from './calendar.js';

const hour = 3600_000;
const minute = 60_000;
const nineToFive: WorkingSpan[] = [{ start: '09:00', end: '17:00' }];
const closedWeek: BusinessHours['week'] = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

/** Weekdays 09:00–17:00, weekends closed, in `timeZone`. */
function office(timeZone: string, overrides: Partial<BusinessHours> = {}) {
  return calendarOf({
    ...defaultBusinessHours,
    timeZone,
    week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
    ...overrides,
  });
}
const add = (from: string, ms: number, cal: ReturnType<typeof calendarOf>) => addWorkingTime(new Date(from), ms, cal).toISOString();
const sub = (until: string, ms: number, cal: ReturnType<typeof calendarOf>) => subtractWorkingTime(new Date(until), ms, cal).toISOString();

describe('working time forward (the first-response clock)', () => {
  const berlin = office('Europe/Berlin'); // UTC+1 in November

  it('a message on Friday 16:30 with a one-hour target is due Monday 09:30', () => {
    expect(add('2026-11-20T15:30:00Z', hour, berlin)).toBe('2026-11-23T08:30:00.000Z');
  });

  it('a target that ends exactly at closing is due at closing, not the next morning', () => {
    expect(add('2026-11-20T15:00:00Z', hour, berlin)).toBe('2026-11-20T16:00:00.000Z');
  });

  it('time before opening and over the weekend does not count', () => {
    expect(add('2026-11-23T06:00:00Z', 30 * minute, berlin)).toBe('2026-11-23T08:30:00.000Z'); // Monday 07:00 → 09:30
    expect(add('2026-11-21T11:00:00Z', hour, berlin)).toBe('2026-11-23T09:00:00.000Z'); // Saturday noon → Monday 10:00
    expect(add('2026-11-20T19:00:00Z', 8 * hour + 30 * minute, berlin)).toBe('2026-11-24T08:30:00.000Z'); // Friday evening → Tuesday 09:30
  });

  it('skips holidays, several in a row, and a holiday falling on a weekend changes nothing', () => {
    const christmas = office('Europe/Berlin', {
      holidays: [
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-12-26', name: 'Boxing Day (a Saturday)' },
      ],
    });
    // Wednesday 23 December 16:30 + 1 h: Thursday and Friday are holidays, then the weekend: Monday 28th 09:30.
    expect(add('2026-12-23T15:30:00Z', hour, christmas)).toBe('2026-12-28T08:30:00.000Z');
    // Without them, Thursday 09:30.
    expect(add('2026-12-23T15:30:00Z', hour, berlin)).toBe('2026-12-24T08:30:00.000Z');
  });

  it('counts a day split by lunch as two stretches', () => {
    const split: WorkingSpan[] = [
      { start: '13:00', end: '17:00' },
      { start: '09:00', end: '12:00' }, // out of order on purpose
    ];
    const cal = office('UTC', { week: { mon: split, tue: split, wed: split, thu: split, fri: split, sat: [], sun: [] } });
    expect(add('2026-11-23T11:30:00Z', hour, cal)).toBe('2026-11-23T13:30:00.000Z');
    expect(add('2026-11-23T12:15:00Z', hour, cal)).toBe('2026-11-23T14:00:00.000Z');
  });

  it('follows the zone the workspace is in: the same moment is due at different instants in New York and Kolkata', () => {
    // 2026-11-20 21:30Z is Friday 16:30 in New York (UTC-5) and Saturday 03:00 in Kolkata (UTC+5:30).
    expect(add('2026-11-20T21:30:00Z', hour, office('America/New_York'))).toBe('2026-11-23T14:30:00.000Z'); // Monday 09:30 EST
    expect(add('2026-11-20T21:30:00Z', hour, office('Asia/Kolkata'))).toBe('2026-11-23T04:30:00.000Z'); // Monday 10:00 IST
  });

  it('over a DST change, working hours stay local: Friday 16:30 EST + 1 h is Monday 09:30 EDT, 64 hours later by the clock', () => {
    // New York moved to EDT on Sunday 8 March 2026.
    const due = add('2026-03-06T21:30:00Z', hour, office('America/New_York'));
    expect(due).toBe('2026-03-09T13:30:00.000Z');
    expect(Date.parse(due) - Date.parse('2026-03-06T21:30:00Z')).toBe(64 * hour);
    // And back: Europe/Berlin moves to CET on Sunday 25 October 2026.
    expect(add('2026-10-23T14:30:00Z', hour, office('Europe/Berlin'))).toBe('2026-10-26T08:30:00.000Z');
  });

  it('a stretch across a DST change lasts the hours that really pass (7 on the night clocks go back, 1 where they jump)', () => {
    const night: WorkingSpan[] = [{ start: '00:00', end: '06:00' }];
    const ny = office('America/New_York', { week: { ...closedWeek, sun: night } });
    // Sunday 1 November 2026, 00:00 EDT (04:00Z) to 06:00 EST (11:00Z): seven hours of work.
    expect(add('2026-11-01T04:00:00Z', 6.5 * hour, ny)).toBe('2026-11-01T10:30:00.000Z');
    expect(add('2026-11-01T04:00:00Z', 7 * hour, ny)).toBe('2026-11-01T11:00:00.000Z');
    const gap: WorkingSpan[] = [{ start: '02:00', end: '04:00' }];
    // Sunday 29 March 2026: 02:00 does not exist in Berlin; work runs 03:00 CEST (01:00Z) to 04:00 CEST (02:00Z).
    expect(add('2026-03-29T00:00:00Z', hour, office('Europe/Berlin', { week: { ...closedWeek, sun: gap } }))).toBe('2026-03-29T02:00:00.000Z');
  });

  it('with hours around the clock, working time is wall-clock time, across DST in any zone', () => {
    for (const timeZone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago']) {
      const cal = calendarOf({ ...defaultBusinessHours, timeZone });
      for (const from of ['2026-03-28T20:00:00Z', '2026-04-04T10:00:00Z', '2026-09-05T23:00:00Z', '2026-10-31T22:45:00Z', '2026-11-01T05:30:00Z']) {
        for (const ms of [minute, 4 * hour, 25 * hour, 90 * 24 * hour]) {
          expect(addWorkingTime(new Date(from), ms, cal).getTime(), `${timeZone} ${from} + ${ms}`).toBe(Date.parse(from) + ms);
          expect(subtractWorkingTime(new Date(from), ms, cal).getTime(), `${timeZone} ${from} - ${ms}`).toBe(Date.parse(from) - ms);
        }
      }
    }
  });

  it('a calendar with no working time at all answers ten years on instead of looping', () => {
    const closed = calendarOf({ ...defaultBusinessHours, week: closedWeek });
    const due = addWorkingTime(new Date('2026-11-20T00:00:00Z'), hour, closed);
    expect(due.getTime() - Date.parse('2026-11-20T00:00:00Z')).toBe(3660 * 24 * hour);
  });
});

describe('working time backward (the promise at-risk moment)', () => {
  const berlin = office('Europe/Berlin');

  it('a promise due Monday 10:00 with two working hours of warning is at risk from Friday 16:00', () => {
    expect(sub('2026-11-23T09:00:00Z', 2 * hour, berlin)).toBe('2026-11-20T15:00:00.000Z');
  });

  it('due at opening or in the night: the warning counts back from the last working minute before it', () => {
    expect(sub('2026-11-23T08:00:00Z', hour, berlin)).toBe('2026-11-20T15:00:00.000Z'); // Monday 09:00 → Friday 16:00
    expect(sub('2026-11-22T12:00:00Z', 24 * hour, berlin)).toBe('2026-11-18T08:00:00.000Z'); // Sunday → three working days back: Wednesday 09:00
  });

  it('skips holidays going back, across a DST change', () => {
    const easter = office('Europe/Berlin', {
      holidays: [
        { date: '2026-04-03', name: 'Good Friday' },
        { date: '2026-04-06', name: 'Easter Monday' },
      ],
    });
    // Due Tuesday 7 April 10:00 CEST (08:00Z), 2 h of warning: Tuesday 09:00–10:00, then Thursday 2 April 16:00–17:00 CEST.
    expect(sub('2026-04-07T08:00:00Z', 2 * hour, easter)).toBe('2026-04-02T14:00:00.000Z');
    // Due Monday 30 March 10:00 CEST, 2 h back: Friday 27 March 16:00 CET (before the change).
    expect(sub('2026-03-30T08:00:00Z', 2 * hour, easter)).toBe('2026-03-27T15:00:00.000Z');
  });

  it('is the inverse of the forward walk for moments inside working hours', () => {
    const cal = office('America/New_York', { holidays: [{ date: '2026-03-09', name: '' }] });
    for (const from of ['2026-03-05T15:00:00Z', '2026-03-06T20:59:00Z', '2026-03-10T13:00:00Z'])
      for (const ms of [minute, hour, 8 * hour, 41 * hour]) expect(sub(add(from, ms, cal), ms, cal)).toBe(new Date(from).toISOString());
  });
});

describe("working time between two moments (the dashboard's first-response minutes)", () => {
  const berlin = office('Europe/Berlin');
  const between = (from: string, to: string, cal = berlin) => workingTimeBetween(new Date(from), new Date(to), cal);

  it('Friday 16:30 to Monday 09:30 is one working hour; the night, the weekend and a holiday count nothing', () => {
    expect(between('2026-11-20T15:30:00Z', '2026-11-23T08:30:00Z')).toBe(hour);
    expect(between('2026-11-20T17:00:00Z', '2026-11-23T07:00:00Z')).toBe(0);
    const christmas = office('Europe/Berlin', { holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }] });
    // Wednesday 16:30–17:00, Christmas Eve off, Friday 09:00–09:30.
    expect(between('2026-12-23T15:30:00Z', '2026-12-25T08:30:00Z', christmas)).toBe(hour);
    expect(between('2026-11-23T09:00:00Z', '2026-11-23T08:00:00Z')).toBe(0);
  });

  it('is what the forward walk added, from any moment, across DST changes and a holiday', () => {
    const cal = office('America/New_York', { holidays: [{ date: '2026-03-09', name: '' }] });
    for (const from of ['2026-03-05T15:00:00Z', '2026-03-06T22:00:00Z', '2026-03-07T12:00:00Z', '2026-10-30T20:59:00Z'])
      for (const ms of [minute, hour, 8 * hour, 41 * hour]) expect(workingTimeBetween(new Date(from), new Date(add(from, ms, cal)), cal)).toBe(ms);
  });

  it('with hours around the clock it is the wall-clock difference', () => {
    const cal = calendarOf({ ...defaultBusinessHours, timeZone: 'Australia/Sydney' });
    expect(workingTimeBetween(new Date('2026-04-04T10:00:00Z'), new Date('2026-04-09T10:30:00Z'), cal)).toBe(5 * 24 * hour + 30 * minute);
  });
});

describe('local times', () => {
  it('a time skipped by DST counts from the jump; a time that happens twice is its first occurrence', () => {
    expect(new Date(instantOf({ y: 2026, m: 3, d: 29 }, 150, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 → 03:30 CEST
    expect(new Date(instantOf({ y: 2026, m: 11, d: 1 }, 90, 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(new Date(instantOf({ y: 2026, m: 11, d: 1 }, 1440, 'America/New_York')).toISOString()).toBe('2026-11-02T05:00:00.000Z'); // 24:00 = next midnight
  });

  it('[D1.2] weeks start at local Monday midnight in the workspace zone (UTC by default)', () => {
    expect(weekStartIn(new Date('2026-11-22T23:59:59Z'), 'UTC')).toEqual({ start: new Date('2026-11-16T00:00:00Z'), key: '2026-11-16' });
    // Sunday 23:30 UTC is already Monday in Berlin.
    expect(weekStartIn(new Date('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toEqual({ start: new Date('2026-11-22T23:00:00Z'), key: '2026-11-23' });
    // And still Sunday in New York.
    expect(weekStartIn(new Date('2026-11-23T03:00:00Z'), 'America/New_York')).toEqual({ start: new Date('2026-11-16T05:00:00Z'), key: '2026-11-16' });
    // The week after DST began in Berlin starts an hour earlier by UTC than the week before it.
    expect(weekStartFrom('2026-03-23', 1, 'Europe/Berlin')).toEqual({ start: new Date('2026-03-29T22:00:00Z'), key: '2026-03-30' });
    expect(weekStartFrom('2026-03-30', -1, 'Europe/Berlin')).toEqual({ start: new Date('2026-03-22T23:00:00Z'), key: '2026-03-23' });
  });
});

describe('business hours settings (contract)', () => {
  const valid: BusinessHours = { ...defaultBusinessHours, timeZone: 'Europe/Berlin', holidays: [{ date: '2026-12-25', name: 'Christmas' }] };
  const problems = (value: unknown) => {
    const parsed = businessHours.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes the defaults and a real zone', () => {
    expect(problems(defaultBusinessHours)).toEqual([]);
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, timeZone: 'America/Argentina/Buenos_Aires' })).toEqual([]);
  });

  it('refuses unknown zones, offsets and lower-cased names', () => {
    for (const timeZone of ['Mars/Olympus', '+01:00', 'europe/berlin', '', 'Europe/Berlin; drop table'])
      expect(problems({ ...valid, timeZone }), timeZone).toEqual([expect.stringMatching(/^timeZone: is not a time zone/)]);
  });

  it('refuses times that are not times, spans that end before they start, and overlaps', () => {
    expect(problems({ ...valid, week: { ...valid.week, mon: [{ start: '9:00', end: '17:00' }] } })).toEqual([
      expect.stringContaining('week.mon.0.start: must be a time'),
    ]);
    expect(problems({ ...valid, week: { ...valid.week, mon: [{ start: '24:30', end: '25:00' }] } })).toHaveLength(2);
    expect(problems({ ...valid, week: { ...valid.week, tue: [{ start: '17:00', end: '09:00' }] } })).toEqual(['week.tue.0: 17:00–09:00 ends before it starts']);
    const overlap = [
      { start: '13:00', end: '17:00' },
      { start: '09:00', end: '13:30' },
    ];
    expect(problems({ ...valid, week: { ...valid.week, wed: overlap } })).toEqual(['week.wed: 13:00–17:00 overlaps 09:00–13:30']);
    // Touching is not overlapping.
    expect(problems({ ...valid, week: { ...valid.week, wed: [overlap[0], { start: '09:00', end: '13:00' }] } })).toEqual([]);
    expect(problems({ ...valid, week: closedWeek })).toEqual(['week: needs working hours on at least one day']);
  });

  it('refuses dates that are not days of the calendar, and the same holiday twice', () => {
    expect(problems({ ...valid, holidays: [{ date: '2026-02-30', name: '' }] })).toEqual(['holidays.0.date: is not a day of the calendar']);
    expect(problems({ ...valid, holidays: [{ date: '25/12/2026', name: '' }] })).toEqual(['holidays.0.date: must be a date such as 2026-12-25']);
    expect(problems({ ...valid, holidays: [valid.holidays[0], valid.holidays[0]] })).toEqual(['holidays.1.date: 2026-12-25 is listed twice']);
  });
});
