import { defaultCaseColumns } from '@casehub/contract';
import { describe, expect, it } from 'vitest';
import { paramsOfView, readListParams, toQuery, viewChanged, viewStateOf, writeListParams } from './listParams';

describe('the case list URL and saved views (issue 17.4)', () => {
  it('keeps one column model in the URL: built-in names and custom fields as cf:<id>, dropping junk and repeats', () => {
    const p = readListParams(new URLSearchParams('kind=deal&cols=title,stage,stage,<b>,salary,cf:region&view=v1&sort=cf:region'));
    expect(p).toMatchObject({ kind: 'deal', columns: ['title', 'stage', 'cf:region'], view: 'v1', sort: 'cf:region' });
    expect(writeListParams(p).toString()).toBe('kind=deal&cols=title%2Cstage%2Ccf%3Aregion&sort=cf%3Aregion&view=v1');
    // The default columns are not written; nothing usable reads as the default.
    expect(readListParams(new URLSearchParams('')).columns).toEqual(defaultCaseColumns);
    expect(readListParams(new URLSearchParams('cols=,,%3Cx%3E')).columns).toEqual(defaultCaseColumns);
    expect(writeListParams(readListParams(new URLSearchParams(''))).toString()).toBe('');
    // A sort that is neither built in nor cf:<id> is the default one.
    expect(readListParams(new URLSearchParams('sort=cf:')).sort).toBe('updatedAt');
    expect(readListParams(new URLSearchParams('sort=password')).sort).toBe('updatedAt');
  });

  it('reads the custom fields’ older cols=<id>,<id> as the default columns plus those fields', () => {
    expect(readListParams(new URLSearchParams('cols=f1,f2')).columns).toEqual([...defaultCaseColumns, 'cf:f1', 'cf:f2']);
  });

  it('asks the server for a custom field sort only while that field exists', () => {
    const p = readListParams(new URLSearchParams('sort=cf:tier&order=asc'));
    const tier = { id: 'tier', kind: 'deal' as const, label: 'Tier', type: 'select' as const, required: false, shared: false, options: ['Gold'] };
    expect(toQuery(p, [tier])).toMatchObject({ sort: 'cf:tier', order: 'asc' });
    expect(toQuery(p, [])).toMatchObject({ sort: 'updatedAt', order: 'desc' });
    // Before the fields are known it is asked as it is.
    expect(toQuery(p)).toMatchObject({ sort: 'cf:tier' });
  });

  it('opens a view as the URL it holds, custom filter and columns included, and tells when the list has changed since', () => {
    const view = {
      id: 'v1',
      filters: { kind: 'support' as const, q: 'printer', custom: { tier: 'Gold' } },
      sort: 'cf:tier' as const,
      order: 'asc' as const,
      columns: ['title', 'owner', 'cf:tier'],
      layout: 'board' as const,
    };
    const params = paramsOfView(view);
    expect(writeListParams(params).toString()).toBe('q=printer&kind=support&cf=tier&cfv=Gold&cols=title%2Cowner%2Ccf%3Atier&sort=cf%3Atier&order=asc&view=v1');
    const now = viewStateOf(readListParams(writeListParams(params)), 'board');
    expect(now.filters).toEqual(view.filters);
    expect(viewChanged(view, now)).toBe(false);
    expect(viewChanged(view, { ...now, layout: 'list' })).toBe(true);
    expect(viewChanged(view, viewStateOf({ ...params, stage: 'New' }, 'board'))).toBe(true);
    expect(viewChanged(view, viewStateOf({ ...params, cfValue: 'Silver' }, 'board'))).toBe(true);
    expect(viewChanged(view, viewStateOf({ ...params, columns: ['title', 'cf:tier', 'owner'] }, 'board'))).toBe(true);
    expect(viewChanged(view, viewStateOf({ ...params, order: 'desc' }, 'board'))).toBe(true);
    // Paging is not part of a view.
    expect(viewChanged(view, viewStateOf({ ...params, offset: 25 }, 'board'))).toBe(false);
  });
});
