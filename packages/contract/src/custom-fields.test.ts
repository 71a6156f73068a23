import { describe, expect, it } from 'vitest';
import { customFieldsInput, customValueText, fittingCustomValues, validateCustomPatch, type CustomFieldDefinition } from './custom-fields.js';

const def = (over: Partial<CustomFieldDefinition> & Pick<CustomFieldDefinition, 'id' | 'type'>): CustomFieldDefinition => ({
  kind: 'deal',
  label: over.id,
  required: false,
  shared: false,
  options: [],
  ...over,
});

const defs = [
  def({ id: 'notes', type: 'text' }),
  def({ id: 'seats', type: 'number', required: true }),
  def({ id: 'arr', type: 'money' }),
  def({ id: 'golive', type: 'date' }),
  def({ id: 'tier', type: 'select', options: ['Gold', 'Silver'] }),
  def({ id: 'regions', type: 'multiselect', options: ['EU', 'US', 'APAC'] }),
  def({ id: 'champion', type: 'person' }),
  def({ id: 'site', type: 'url' }),
  def({ id: 'nda', type: 'checkbox' }),
  def({ id: 'sla', type: 'text', kind: 'support' }),
];

describe('custom field validation (issue 17.3)', () => {
  it('accepts a value of each type, normalized: trimmed text, upper-case currency, options in defined order', () => {
    const result = validateCustomPatch(defs, 'deal', {
      notes: '  warm lead ',
      seats: 40,
      arr: { amount: 12000.5, currency: 'eur' },
      golive: '2027-02-28',
      tier: 'Gold',
      regions: ['US', 'EU'],
      champion: 'user_1',
      site: 'https://example.com/x',
      nda: false,
    });
    expect(result).toEqual({
      ok: true,
      values: {
        notes: 'warm lead',
        seats: 40,
        arr: { amount: 12000.5, currency: 'EUR' },
        golive: '2027-02-28',
        tier: 'Gold',
        regions: ['EU', 'US'],
        champion: 'user_1',
        site: 'https://example.com/x',
        nda: false,
      },
    });
  });

  it('refuses values of the wrong type, naming the field and what it wants', () => {
    const result = validateCustomPatch(defs, 'deal', {
      notes: 5,
      seats: '40',
      arr: 100,
      golive: '2027-02-30',
      tier: 'Bronze',
      regions: ['EU', 'Mars'],
      site: 'javascript:alert(1)',
      nda: 'yes',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(8);
    expect(result.issues).toContain('custom.seats ("seats"): must be a number');
    expect(result.issues).toContain('custom.tier ("tier"): must be one of: Gold, Silver');
    expect(result.issues).toContain('custom.golive ("golive"): must be a real date');
    expect(result.issues.find((i) => i.startsWith('custom.site'))).toMatch(/http/);
    expect(result.issues.find((i) => i.startsWith('custom.arr'))).toMatch(/amount/);
    expect(result.issues).toContain('custom.nda ("nda"): must be true or false');
  });

  it('refuses a field unknown to the kind, even one defined for the other kind', () => {
    expect(validateCustomPatch(defs, 'deal', { sla: 'x', nope: 1 })).toEqual({
      ok: false,
      issues: ['custom.sla: no such custom field on deal cases', 'custom.nope: no such custom field on deal cases'],
    });
    expect(validateCustomPatch(defs, 'support', { sla: '4h' })).toEqual({ ok: true, values: { sla: '4h' } });
  });

  it('clears an optional field with null (or an empty multi select) and refuses to clear a required one', () => {
    expect(validateCustomPatch(defs, 'deal', { notes: null, regions: [] })).toEqual({ ok: true, values: { notes: null, regions: null } });
    expect(validateCustomPatch(defs, 'deal', { seats: null })).toEqual({ ok: false, issues: ['custom.seats ("seats"): is required and cannot be cleared'] });
    expect(validateCustomPatch(defs, 'deal', { notes: '   ' }).ok).toBe(false);
  });

  it('reads back only values that still fit their definition (an option removed, a value written in a bad shape)', () => {
    const narrowed = defs.map((d) => (d.id === 'tier' ? { ...d, options: ['Silver'] } : d));
    expect(fittingCustomValues(narrowed, 'deal', { tier: 'Gold', seats: 'many', notes: 'ok', sla: 'other kind' })).toEqual({ notes: 'ok' });
  });

  it('shows values as one line of text', () => {
    expect(customValueText({ type: 'multiselect' }, ['EU', 'US'])).toBe('EU; US');
    expect(customValueText({ type: 'money' }, { amount: 5, currency: 'EUR' })).toBe('5 EUR');
    expect(customValueText({ type: 'checkbox' }, true)).toBe('yes');
    expect(customValueText({ type: 'person' }, 'u1', new Map([['u1', 'Ada']]))).toBe('Ada');
  });

  it('refuses definitions that cannot work: a select without options, options on a text, twice the same label', () => {
    const parsed = customFieldsInput.safeParse({
      fields: [
        { label: 'Tier', type: 'select' },
        { label: 'Notes', type: 'text', options: ['a'] },
        { label: 'tier', type: 'number' },
        { label: 'Regions', type: 'multiselect', options: ['EU', 'EU'] },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      '"Tier" needs at least one option',
      '"Notes" is not a select: it takes no options',
      '"tier" is listed twice',
      '"Regions" lists an option twice',
    ]);
    expect(customFieldsInput.parse({ fields: [{ label: 'Seats', type: 'number' }] }).fields[0]).toEqual({
      label: 'Seats',
      type: 'number',
      required: false,
      shared: false,
      options: [],
    });
  });
});
