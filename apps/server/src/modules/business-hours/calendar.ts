import { minutesOf, weekdays, type BusinessHours } from '@casehub/contract';

/**
 * Working-time arithmetic over a workspace's business hours: pure, with the
 * platform's Intl as the only source of time-zone rules (offsets and DST).
 * Local times are read the way Temporal's "compatible" disambiguation does:
 * a time skipped by a DST jump forward counts from the jump (02:30 on the
 * spring-forward night in Berlin is 03:30 CEST), a time that happens twice
 * when clocks go back is its first occurrence.
 */

const minute = 60_000;
const day = 86_400_000;
/** How far the walk looks for working time before giving up (a week of one minute and a 90-day target is ~25 years; no real calendar comes near). */
const horizonDays = 3660;

/** A local calendar day: its year, month (1–12) and day. */
type LocalDate = { y: number; m: number; d: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading in `timeZone` at instant `t`, as if it were UTC (epoch ms, whole seconds). */
function wallClock(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/** The zone's offset from UTC at instant `t`, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/** The local day an instant falls on in `timeZone`. */
export function localDateOf(t: number, timeZone: string): LocalDate {
  const wall = new Date(wallClock(t, timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** The instant at `minutes` after local midnight of `date` in `timeZone` (1440 is the next midnight). */
export function instantOf(date: LocalDate, minutes: number, timeZone: string): number {
  const local = Date.UTC(date.y, date.m - 1, date.d) + minutes * minute;
  // The offsets either side of this wall time: equal except near a transition.
  const before = offsetAt(local - day, timeZone);
  const after = offsetAt(local + day, timeZone);
  if (before === after) return local - before;
  const candidates = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t);
  // Two readings (clocks went back): the earlier. None (clocks jumped): the old offset carries it past the gap.
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}

const shift = (date: LocalDate, days: number): LocalDate => {
  const at = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: at.getUTCFullYear(), m: at.getUTCMonth() + 1, d: at.getUTCDate() };
};
const iso = (date: LocalDate): string => `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;

/** A workspace calendar ready for the walks below. */
export type Calendar = {
  timeZone: string;
  /** Working spans per ISO weekday index (0 Monday … 6 Sunday), in minutes after local midnight, in order. */
  spans: Array<Array<[number, number]>>;
  holidays: ReadonlySet<string>;
};

export function calendarOf(hours: Pick<BusinessHours, 'timeZone' | 'week' | 'holidays'>): Calendar {
  return {
    timeZone: hours.timeZone,
    spans: weekdays.map((d) => hours.week[d].map((s): [number, number] => [minutesOf(s.start), minutesOf(s.end)]).sort((a, b) => a[0] - b[0])),
    holidays: new Set(hours.holidays.map((h) => h.date)),
  };
}

/** The working stretches of one local day, as instants [from, to), in order; none on a holiday. */
function stretchesOn(date: LocalDate, cal: Calendar): Array<[number, number]> {
  if (cal.holidays.has(iso(date))) return [];
  const isoWeekday = (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
  return (cal.spans[isoWeekday] ?? []).map(([s, e]): [number, number] => [instantOf(date, s, cal.timeZone), instantOf(date, e, cal.timeZone)]);
}

/**
 * The instant `ms` of working time after `from`: Friday 16:30 plus one hour,
 * with hours 09:00–17:00 on weekdays, is Monday 09:30. Time before the first
 * working stretch does not count; a target that ends exactly at closing is
 * due at closing. If the calendar holds too little working time within ten
 * years, the answer is ten years on (a clock that never rings).
 */
export function addWorkingTime(from: Date, ms: number, cal: Calendar): Date {
  const start = from.getTime();
  let remaining = Math.max(0, ms);
  let date = localDateOf(start, cal.timeZone);
  for (let i = 0; i < horizonDays; i++, date = shift(date, 1)) {
    for (const [s, e] of stretchesOn(date, cal)) {
      const at = Math.max(s, start);
      if (e <= at) continue;
      if (e - at >= remaining) return new Date(at + remaining);
      remaining -= e - at;
    }
  }
  return new Date(start + horizonDays * day);
}

/**
 * The instant `ms` of working time before `until` (the mirror of
 * `addWorkingTime`): a promise due Monday 10:00 with two working hours of
 * warning, hours 09:00–17:00, is at risk from Friday 16:00. Ten years back
 * if the calendar holds too little working time.
 */
export function subtractWorkingTime(until: Date, ms: number, cal: Calendar): Date {
  const end = until.getTime();
  let remaining = Math.max(0, ms);
  let date = localDateOf(end, cal.timeZone);
  for (let i = 0; i < horizonDays; i++, date = shift(date, -1)) {
    for (const [s, e] of stretchesOn(date, cal).reverse()) {
      const at = Math.min(e, end);
      if (at <= s) continue;
      if (at - s >= remaining) return new Date(at - remaining);
      remaining -= at - s;
    }
  }
  return new Date(end - horizonDays * day);
}

/**
 * How much working time lies between `from` and `to` (0 if `to` is not
 * after `from`): Friday 16:30 to Monday 09:30, hours 09:00–17:00 on
 * weekdays, is one hour. The inverse of `addWorkingTime` within its horizon.
 */
export function workingTimeBetween(from: Date, to: Date, cal: Calendar): number {
  const start = from.getTime();
  const end = to.getTime();
  let total = 0;
  let date = localDateOf(start, cal.timeZone);
  for (let i = 0; i < horizonDays; i++, date = shift(date, 1)) {
    const stretches = stretchesOn(date, cal);
    for (const [s, e] of stretches) total += Math.max(0, Math.min(e, end) - Math.max(s, start));
    // Past `end` once a local day starts after it (the next midnight is later than any stretch of this day).
    if (instantOf(shift(date, 1), 0, cal.timeZone) >= end) break;
  }
  return total;
}

/**
 * When a clock of `ms` started at `from` runs out: in working time where
 * the workspace counts it for that clock, else by the wall clock.
 */
export function clockDue(hours: BusinessHours, clock: keyof BusinessHours['countWorkingTime'], from: Date, ms: number): Date {
  return hours.countWorkingTime[clock] ? addWorkingTime(from, ms, calendarOf(hours)) : new Date(from.getTime() + ms);
}

/** Local midnight starting the ISO week (Monday) that `at` falls in, in `timeZone`; and its date as YYYY-MM-DD. */
export function weekStartIn(at: Date, timeZone: string): { start: Date; key: string } {
  const date = localDateOf(at.getTime(), timeZone);
  const sinceMonday = (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
  const monday = shift(date, -sinceMonday);
  return { start: new Date(instantOf(monday, 0, timeZone)), key: iso(monday) };
}

/** The Monday `weeks` weeks after (or before, negative) the week starting at local date `key`, as its start and key. */
export function weekStartFrom(key: string, weeks: number, timeZone: string): { start: Date; key: string } {
  const [y = 1970, m = 1, d = 1] = key.split('-').map(Number);
  const monday = shift({ y, m, d }, weeks * 7);
  return { start: new Date(instantOf(monday, 0, timeZone)), key: iso(monday) };
}
