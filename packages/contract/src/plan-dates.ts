import { z } from 'zod';

/**
 * Relative due dates of plan templates (issue 15.3): "close date − 30 days",
 * "case creation + 1 week". Pure calendar arithmetic on `YYYY-MM-DD` dates,
 * shared by the server (applying a template) and the web app (its preview).
 * A time zone is optional everywhere: without one, dates are UTC dates; with
 * one (an IANA name such as `Europe/Berlin`, once the workspace has one) the
 * creation day and a promise's hour are that zone's.
 */
export const dueAnchors = ['close', 'created'] as const;
export type DueAnchor = (typeof dueAnchors)[number];
export const dueUnits = ['days', 'weeks', 'months'] as const;
export type DueUnit = (typeof dueUnits)[number];

export const relativeDue = z.object({
  from: z.enum(dueAnchors, { message: 'must be "close" (the close date) or "created" (the day the case was created)' }),
  amount: z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(-3650, 'must be at most 3650 back')
    .max(3650, 'must be at most 3650 ahead'),
  unit: z.enum(dueUnits, { message: 'must be days, weeks or months' }).default('days'),
});
export type RelativeDue = z.infer<typeof relativeDue>;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real date. */
function dayNumber(date: string): number | null {
  const m = datePattern.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

const fromDayNumber = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

const daysInMonth = (year: number, month0: number): number => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/**
 * `date` moved by `amount` units. Months keep the day of the month, or the
 * month's last day when it has fewer (31 January + 1 month is 28 or 29
 * February; 29 February − 12 months is 28 February).
 */
export function addToDate(date: string, amount: number, unit: DueUnit): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  if (unit === 'days') return fromDayNumber(day + amount);
  if (unit === 'weeks') return fromDayNumber(day + 7 * amount);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (mo - 1) + amount;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const dd = Math.min(d, daysInMonth(year, month0));
  return `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`): positive when `b` is later. */
export function daysBetween(a: string, b: string): number {
  const x = dayNumber(a);
  const y = dayNumber(b);
  if (x === null || y === null) throw new RangeError(`not a date: ${x === null ? a : b}`);
  return y - x;
}

/** The wall clock of an instant in a zone: its parts, read with Intl (no zone: UTC). */
function wallClock(instant: Date, zone: string | undefined): { date: string; ms: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone ?? 'UTC',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const [y, mo, d] = [get('year'), get('month'), get('day')];
  const date = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { date, ms: Date.UTC(y, mo - 1, d, get('hour'), get('minute'), get('second')) };
}

/** The calendar date an instant falls on in `zone` (UTC when none). */
export function dateIn(instant: Date, zone?: string): string {
  return wallClock(instant, zone).date;
}

/**
 * The instant that reads `time` (`HH:MM`) on `date` on the clocks of `zone`
 * (UTC when none). The zone's offset is found from a first guess and
 * corrected once, which is exact except inside a daylight-saving gap, where
 * the clock time does not exist and the later side of the gap is taken.
 */
export function instantAt(date: string, time: string, zone?: string): Date {
  const day = dayNumber(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (day === null || !t) throw new RangeError(`not a date and time: ${date} ${time}`);
  const wanted = day * 86_400_000 + (Number(t[1]) * 60 + Number(t[2])) * 60_000;
  if (!zone) return new Date(wanted);
  const offsetAt = (guess: number): number => wallClock(new Date(guess), zone).ms - guess;
  let guess = wanted - offsetAt(wanted);
  const second = wanted - offsetAt(guess);
  if (second !== guess) guess = Math.max(guess, second);
  return new Date(guess);
}

/** What a template's dates are counted from on one case. */
export type PlanAnchors = {
  /** The case's close date (`YYYY-MM-DD`), or null when it has none yet. */
  closeDate: string | null;
  /** When the case was created. */
  createdAt: Date;
  /** An IANA time zone; UTC when absent. */
  zone?: string | undefined;
};

/** The date a relative due date falls on for a case; null when it counts from a close date the case does not have. */
export function resolveDue(due: RelativeDue, anchors: PlanAnchors): string | null {
  const base = due.from === 'close' ? anchors.closeDate : dateIn(anchors.createdAt, anchors.zone);
  return base === null ? null : addToDate(base, due.amount, due.unit);
}

/** The hour a promise from a template is due on its day (as the promise form's default). */
export const promiseDueTime = '17:00';

/** A promise's `dueAt` (ISO-8601, UTC) for its date: 17:00 on that day in the zone. */
export function promiseDueAt(date: string, zone?: string): string {
  return instantAt(date, promiseDueTime, zone).toISOString();
}

/**
 * A date as counted from an anchor of the case, in days: how "Save this
 * case's plan as a template" turns the plan's real dates into relative ones.
 */
export function relativeFrom(date: string, from: DueAnchor, anchors: PlanAnchors): RelativeDue | null {
  const base = from === 'close' ? anchors.closeDate : dateIn(anchors.createdAt, anchors.zone);
  return base === null ? null : { from, amount: daysBetween(base, date), unit: 'days' };
}

/** In words, for lists and previews: "close date − 30 days", "creation + 1 week", "on the close date". */
export function describeDue(due: RelativeDue): string {
  const anchor = due.from === 'close' ? 'close date' : 'creation';
  if (due.amount === 0) return due.from === 'close' ? 'on the close date' : 'on the day of creation';
  const n = Math.abs(due.amount);
  const unit = n === 1 ? due.unit.slice(0, -1) : due.unit;
  return `${anchor} ${due.amount < 0 ? '−' : '+'} ${n} ${unit}`;
}
