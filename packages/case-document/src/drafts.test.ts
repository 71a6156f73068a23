import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { draftsMap } from './document.js';
import { createDraft, listDrafts, readDraft, removeDraft, replyDraftFor, updateDraft } from './drafts.js';
import { remapDocumentIds } from './remap.js';

const author = { createdBy: 'u1', createdByName: 'Ada' };

describe('drafts (issue 13.5)', () => {
  it('[M7.1] keep header fields as keys and the text as a fragment; a reply is found by its thread', () => {
    const doc = new Y.Doc();
    const body = createDraft(doc, 'd1', { kind: 'new', ...author, to: 'buyer@example.com', at: '2026-12-01T10:00:00.000Z' });
    body.insert(0, [new Y.XmlElement('paragraph')]);
    createDraft(doc, 'd2', { kind: 'reply', replyTo: 'e1', threadId: 't1', ...author, subject: 'Re: Quote', at: '2026-12-01T11:00:00.000Z' });

    expect(listDrafts(doc).map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(readDraft(doc, 'd1')).toMatchObject({ kind: 'new', to: 'buyer@example.com', cc: '', subject: '', mailboxId: null, fileIds: [] });
    expect(readDraft(doc, 'd1')?.body.length).toBe(1);
    expect(replyDraftFor(doc, 't1')?.id).toBe('d2');
    expect(replyDraftFor(doc, 't2')).toBeNull();

    expect(updateDraft(doc, 'd1', { subject: 'Quote', cc: 'cfo@example.com' }, '2026-12-01T12:00:00.000Z')).toBe(true);
    expect(listDrafts(doc)[0]).toMatchObject({ id: 'd1', subject: 'Quote', cc: 'cfo@example.com', updatedAt: '2026-12-01T12:00:00.000Z' });
    expect(updateDraft(doc, 'd1', { subject: 'x'.repeat(999) })).toBe(false);
    expect(updateDraft(doc, 'nope', { subject: 'x' })).toBe(false);

    expect(removeDraft(doc, 'd1')).toBe(true);
    expect(removeDraft(doc, 'd1')).toBe(false);
    expect(listDrafts(doc).map((d) => d.id)).toEqual(['d2']);
  });

  it('[M7.1] two writers of one draft converge: header fields per key, the text merged', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const sync = (): void => {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    };
    createDraft(a, 'd1', { kind: 'new', ...author });
    sync();
    const text = (doc: Y.Doc): Y.XmlText => {
      const body = readDraft(doc, 'd1')?.body;
      if (!body) throw new Error('no draft');
      if (body.length === 0) body.insert(0, [new Y.XmlText()]);
      return body.get(0) as Y.XmlText;
    };
    text(a);
    sync();
    text(a).insert(0, 'Hello ');
    updateDraft(b, 'd1', { to: 'buyer@example.com' });
    text(b).insert(0, 'Dear buyer. ');
    sync();
    expect(readDraft(a, 'd1')?.to).toBe('buyer@example.com');
    expect(text(a).toString()).toBe(text(b).toString());
    expect(text(a).toString()).toContain('Hello ');
    expect(text(a).toString()).toContain('Dear buyer. ');
  });

  it('[M7.1] a malformed draft written by hand is left out, not thrown on; moved workspaces remap its author, email and files', () => {
    const doc = new Y.Doc();
    const bad = new Y.Map<unknown>();
    bad.set('kind', 'telegram');
    draftsMap(doc).set('bad', bad);
    expect(listDrafts(doc)).toEqual([]);
    expect(readDraft(doc, 'bad')).toBeNull();

    createDraft(doc, 'd1', { kind: 'reply', replyTo: 'e1', threadId: 't1', fileIds: ['f1'], ...author });
    remapDocumentIds(doc, { user: (id) => `${id}-new`, email: (id) => `${id}-new`, file: (id) => `${id}-new` });
    expect(readDraft(doc, 'd1')).toMatchObject({ createdBy: 'u1-new', replyTo: 'e1-new', fileIds: ['f1-new'] });
  });
});
