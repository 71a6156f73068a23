import { z } from 'zod';

/** The days of a working week, Monday first (ISO order). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "HH:MM" as minutes after local midnight; "24:00" is the end of the day. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether the platform knows this IANA time zone by this exact name. A
 * fixed offset ("+01:00") or a lower-cased name is refused although Intl
 * would take it: the name is also handed to PostgreSQL (dashboard weeks).
 */
export function isTimeZone(name: string): boolean {
  if (name !== 'UTC' && !/^[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Whether "YYYY-MM-DD" names a day of the calendar (no 30 February); another shape is the format check's to report. */
function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return true;
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time such as 09:00 (24:00 is the end of the day)');

/** One stretch of working time within a day, in the workspace's time zone. */
export const workingSpan = z.object({ start: clockTime, end: clockTime });
export type WorkingSpan = z.infer<typeof workingSpan>;

const dayHours = z
  .array(workingSpan)
  .max(8, 'at most 8 stretches a day')
  .superRefine((spans, ctx) => {
    spans.forEach((s, i) => {
      if (clockTime.safeParse(s.start).success && clockTime.safeParse(s.end).success && minutesOf(s.start) >= minutesOf(s.end))
        ctx.addIssue({ code: 'custom', path: [i], message: `${s.start}–${s.end} ends before it starts` });
    });
    const sorted = [...spans].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < sorted.length; i++) {
      const [prev, cur] = [sorted[i - 1], sorted[i]];
      if (prev && cur && minutesOf(cur.start) < minutesOf(prev.end))
        ctx.addIssue({ code: 'custom', message: `${cur.start}–${cur.end} overlaps ${prev.start}–${prev.end}` });
    }
  });

export const holiday = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-25')
    .refine(isCalendarDate, 'is not a day of the calendar'),
  name: z.string().trim().max(80, 'must be at most 80 characters'),
});
export type Holiday = z.infer<typeof holiday>;

/**
 * `GET`/`PUT /api/settings/business-hours`: the workspace's time zone,
 * working hours per weekday (a closed day has none), holidays (closed all
 * day), and which clocks count only working time. Dashboard weeks follow
 * the time zone whatever the clocks count.
 */
export const businessHours = z
  .object({
    timeZone: z.string().max(64).refine(isTimeZone, 'is not a time zone this server knows: use a name such as Europe/Berlin or America/New_York'),
    week: z.object(Object.fromEntries(weekdays.map((d) => [d, dayHours])) as Record<Weekday, typeof dayHours>),
    holidays: z
      .array(holiday)
      .max(400, 'at most 400 holidays')
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((h, i) => {
          if (seen.has(h.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${h.date} is listed twice` });
          seen.add(h.date);
        });
      }),
    /** Which clocks count only working time; otherwise they count every hour (wall-clock). */
    countWorkingTime: z.object({ firstResponse: z.boolean(), promiseAtRisk: z.boolean() }),
  })
  .refine((v) => weekdays.some((d) => v.week[d].length > 0), { path: ['week'], message: 'needs working hours on at least one day' });
export type BusinessHours = z.infer<typeof businessHours>;

const allDay = [{ start: '00:00', end: '24:00' }];

/** What a workspace has until it saves its own: UTC, every hour of every day, and both clocks on wall-clock time. */
export const defaultBusinessHours: BusinessHours = {
  timeZone: 'UTC',
  week: Object.fromEntries(weekdays.map((d) => [d, allDay])) as Record<Weekday, WorkingSpan[]>,
  holidays: [],
  countWorkingTime: { firstResponse: false, promiseAtRisk: false },
};
