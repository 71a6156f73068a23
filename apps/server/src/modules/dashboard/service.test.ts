import { describe, expect, it } from 'vitest';
import { composeDigest } from '../digest/compose.js';
import { percentile, weekKeys, weekStart } from './service.js';

describe('dashboard weeks', () => {
  it('[D1.2] a week starts on Monday 00:00 UTC, whatever the day and hour', () => {
    expect(weekStart(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-29T23:59:59Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-22T23:59:59Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(weekStart(new Date('2027-01-01T12:00:00Z')).toISOString()).toBe('2026-12-28T00:00:00.000Z');
  });

  it('lists the window oldest first, ending with the current week', () => {
    expect(weekKeys(new Date('2026-11-25T10:00:00Z'), 3)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
  });
});

describe('first-response percentiles', () => {
  it("interpolate between neighbours as PostgreSQL's percentile_cont does; none for no answers", () => {
    expect(percentile([30, 90], 0.5)).toBe(60);
    expect(percentile([30, 90], 0.9)).toBe(84);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 10], 0.5)).toBe(3);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('digest mail', () => {
  const item = (text: string, caseId: string | null = 'c1') => ({
    text,
    caseId,
    activityId: null,
    createdAt: new Date('2026-11-23T09:30:00Z'),
    caseTitle: 'Deal',
  });

  it('lists each notification with a link when PUBLIC_URL is known, and counts what is left out', () => {
    const mail = composeDigest({
      name: 'Ann',
      workspaceName: 'Acme',
      frequency: 'weekly',
      items: [item('One'), item('Two', null)],
      more: true,
      publicUrl: 'https://ch.example/',
    });
    expect(mail.subject).toBe('Casehub weekly digest: 2+ unread notifications in Acme');
    expect(mail.text).toContain('- One (2026-11-23 09:30 UTC)\n  https://ch.example/cases/c1\n');
    expect(mail.text).toContain('- Two (2026-11-23 09:30 UTC)\n');
    expect(mail.text).toContain('There are more');
    const plain = composeDigest({ name: 'Ann', workspaceName: 'Acme', frequency: 'daily', items: [item('One')], more: false, publicUrl: undefined });
    expect(plain.subject).toBe('Casehub daily digest: 1 unread notification in Acme');
    expect(plain.text).not.toContain('http');
  });
});
