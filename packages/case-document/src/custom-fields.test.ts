import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customFieldIdsIn, customFieldKey, readCustomValue, readCustomValues, writeCustomValues } from './custom-fields.js';
import { fieldsMap, readFields, writeFields } from './document.js';
import { fieldNames } from './fields.js';
import { remapDocumentIds } from './remap.js';

describe('custom field values in the fields map (issue 17.3)', () => {
  it('live under cf:<id>, a key no built-in field can have', () => {
    expect(customFieldKey('abc')).toBe('cf:abc');
    expect(fieldNames.some((n) => n.includes(':'))).toBe(false);
    expect(() => customFieldKey('a:b')).toThrow(RangeError);
  });

  it('are written, changed and removed beside the built-in fields without touching them', () => {
    const doc = new Y.Doc();
    writeFields(doc, { title: 'Deal', stage: 'lead' });
    writeCustomValues(doc, { tier: 'Gold', regions: ['EU'], arr: { amount: 5, currency: 'EUR' }, nda: true });
    expect(readCustomValues(doc)).toEqual({ tier: 'Gold', regions: ['EU'], arr: { amount: 5, currency: 'EUR' }, nda: true });
    expect(readFields(doc)).toEqual({ title: 'Deal', stage: 'lead' });
    writeCustomValues(doc, { tier: null, nda: false });
    expect(readCustomValues(doc)).toEqual({ regions: ['EU'], arr: { amount: 5, currency: 'EUR' }, nda: false });
    expect(readCustomValue(doc, 'nda')).toBe(false);
  });

  it('do not rewrite an unchanged value (no update, nothing to sync)', () => {
    const doc = new Y.Doc();
    writeCustomValues(doc, { regions: ['EU', 'US'] });
    let updates = 0;
    doc.on('update', () => updates++);
    writeCustomValues(doc, { regions: ['EU', 'US'] });
    expect(updates).toBe(0);
  });

  it('read a value some client wrote in a bad shape as absent, yet list its key so it can be removed', () => {
    const doc = new Y.Doc();
    fieldsMap(doc).set('cf:bad', { nested: { deep: 1 } });
    fieldsMap(doc).set('cf:', 'no id');
    expect(readCustomValues(doc)).toEqual({});
    expect(customFieldIdsIn(doc)).toEqual(['bad']);
  });

  it('[issue 16.3] move to their field ids on another server, a person field naming the person there; values of fields the archive lacks stay', () => {
    const doc = new Y.Doc();
    writeFields(doc, { title: 'Deal' });
    writeCustomValues(doc, { a: 'Gold', b: 'a', who: 'u1', gone: 7 });
    const here: Record<string, { id: string; person: boolean }> = {
      a: { id: 'b', person: false },
      b: { id: 'a', person: false },
      who: { id: 'who', person: true },
    };
    const same = (id: string) => id;
    remapDocumentIds(doc, { user: (id) => `${id}-here`, email: same, file: same, customField: (id) => here[id] });
    // a and b swap ids: neither value is overwritten by the other.
    expect(readCustomValues(doc)).toEqual({ b: 'Gold', a: 'a', who: 'u1-here', gone: 7 });
    expect(readFields(doc)).toEqual({ title: 'Deal' });
  });
});
