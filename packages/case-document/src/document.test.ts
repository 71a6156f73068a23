import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  buildDocument,
  fieldsMap,
  fragmentText,
  initCaseDocument,
  metaMap,
  migrate,
  planFragment,
  readFields,
  schemaVersion,
  toPlain,
  writeFields,
} from './document.js';
import { caseFieldsPatch } from './fields.js';
import { docName, parseDocName, rootKeys } from './names.js';

describe('document names', () => {
  it('round-trips the contract format', () => {
    expect(docName('42', 'team')).toBe('cases/42/team');
    expect(parseDocName('cases/42/shared')).toEqual({ caseId: '42', side: 'shared' });
  });

  it.each(['cases/42', 'cases/42/private', 'cases//team', 'cases/a b/team', '../cases/1/team', 'cases/1/team/x'])('rejects %s', (name) => {
    expect(parseDocName(name)).toBeNull();
  });

  it('refuses to build a name from a bad id', () => {
    expect(() => docName('a/b', 'team')).toThrow(RangeError);
  });

  it('keeps the contract keys', () => {
    expect(rootKeys).toMatchObject({ fields: 'fields', plan: 'plan', activity: 'activity', expectations: 'expectations' });
  });
});

describe('fields', () => {
  it('a new case document has its fields and the schema version', () => {
    const doc = new Y.Doc();
    initCaseDocument(doc, { title: 'Acme', kind: 'support', ownerId: 'u1' });
    expect(readFields(doc)).toEqual({
      title: 'Acme',
      kind: 'support',
      stage: 'new',
      priority: 'normal',
      ownerId: 'u1',
      account: '',
      value: null,
      currency: 'USD',
      closeDate: null,
    });
    expect(metaMap(doc).get('schemaVersion')).toBe(schemaVersion);
  });

  it('reads a badly shaped value written by some client as absent', () => {
    const doc = new Y.Doc();
    const map = fieldsMap(doc);
    map.set('title', 42);
    map.set('kind', 'banana');
    map.set('value', 'lots');
    map.set('stage', 'proposal');
    expect(readFields(doc)).toEqual({ stage: 'proposal' });
  });

  it('writes only what changed, in one transaction', () => {
    const doc = new Y.Doc();
    initCaseDocument(doc, { title: 'T', kind: 'deal' });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    writeFields(doc, { title: 'T', stage: 'won', value: 10 });
    expect(transactions).toBe(1);
    expect(Y.decodeUpdate(updates[0] ?? new Uint8Array()).structs).toHaveLength(2);
    writeFields(doc, { title: 'T' });
    expect(updates).toHaveLength(1);
  });

  it('validates patches', () => {
    expect(caseFieldsPatch.safeParse({ value: -1 }).success).toBe(false);
    expect(caseFieldsPatch.safeParse({ closeDate: '2026-02-30' }).success).toBe(false);
    expect(caseFieldsPatch.safeParse({ closeDate: '2026-02-28', currency: 'eur' }).data).toEqual({ closeDate: '2026-02-28', currency: 'EUR' });
    expect(caseFieldsPatch.safeParse({ surprise: true }).success).toBe(false);
  });
});

describe('migrate', () => {
  it('stamps a document without a version, and leaves a current one alone', () => {
    const doc = new Y.Doc();
    expect(migrate(doc)).toBe(true);
    expect(metaMap(doc).get('schemaVersion')).toBe(schemaVersion);
    expect(migrate(doc)).toBe(false);
  });
});

describe('text view', () => {
  it('renders the plan as one line per block, ignoring marks', () => {
    const doc = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    const text = new Y.XmlText();
    heading.insert(0, [text]);
    text.insert(0, 'Goals');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const para = new Y.XmlElement('paragraph');
    const bold = new Y.XmlText();
    para.insert(0, [bold]);
    item.insert(0, [para]);
    list.insert(0, [item]);
    planFragment(doc).insert(0, [heading, list]);
    bold.insert(0, 'Win ');
    bold.insert(4, 'the deal', { bold: true });
    expect(fragmentText(planFragment(doc))).toBe('Goals\nWin the deal');
    expect(toPlain(doc).planText).toBe('Goals\nWin the deal');
  });

  it('buildDocument returns one update holding the whole state', () => {
    const update = buildDocument((doc) => initCaseDocument(doc, { title: 'X', kind: 'deal' }));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    expect(readFields(doc).title).toBe('X');
  });
});
