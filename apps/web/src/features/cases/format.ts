import type { z } from 'zod';
import { formatLocale, i18n, msg } from '../../i18n';

/**
 * The messages of the field schemas a person can meet on a form (case fields in packages/case-document, custom
 * values in packages/contract), marked here so they are translated where shown.
 */
export const fieldIssues = [
  msg('must not be empty'),
  msg('must be a three-letter currency code'),
  msg('must be a date as YYYY-MM-DD'),
  msg('must be a real date'),
  msg('must be a number'),
  msg('is too small'),
  msg('is too large'),
  msg('must be a URL'),
  msg('must be a web address starting with http:// or https://'),
  msg('is longer than 2000 characters'),
];

/** The first problem with a field's value, in the active language (a message not marked above shows as it is). */
export function firstIssue(error: z.ZodError): string {
  return i18n.t(error.issues[0]?.message ?? msg('invalid value'));
}
export function formatMoney(value: number | null, currency: string): string {
  if (value === null) return '—';
  try {
    return new Intl.NumberFormat(formatLocale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${value.toLocaleString(formatLocale())} ${currency}`;
  }
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(formatLocale(), { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatRelative(iso: string): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(formatLocale(), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDate(iso);
}

const kindNames: Record<string, string> = { deal: msg('Deal'), support: msg('Support') };
const priorityNames: Record<string, string> = { low: msg('Low'), normal: msg('Normal'), high: msg('High'), urgent: msg('Urgent') };

const outcomeNames: Record<string, string> = { open: msg('Open'), won: msg('Closed won'), lost: msg('Closed lost'), solved: msg('Solved') };
/** A stage's outcome as shown (the words of the contract's `outcomeNames`, translated). */
export const outcomeLabel = (outcome: string): string => (outcomeNames[outcome] ? i18n.t(outcomeNames[outcome]) : outcome);

/** A case kind or priority as shown, in the active language (an unknown value shows as it is, capitalised). */
export const kindLabel = (kind: string): string => (kindNames[kind] ? i18n.t(kindNames[kind]) : capitalize(kind));
export const priorityLabel = (priority: string): string => (priorityNames[priority] ? i18n.t(priorityNames[priority]) : capitalize(priority));

export const capitalize = (s: string): string => (s ? s[0]?.toUpperCase() + s.slice(1) : s);
