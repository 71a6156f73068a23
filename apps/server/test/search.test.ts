import { addActivity, docName, listActivity } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends, connect, createCase, inviteMember, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

function note(doc: Y.Doc, id: string, text: string, at = new Date().toISOString()): void {
  addActivity(doc, id, { kind: 'note', at, actorId: null, actorName: 'Test', summary: text.slice(0, 40) }, (body) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    body.insert(0, [p]);
  });
}

describe.each(backends)('activity projection and search on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  const search = async (client: { get(path: string): Promise<{ status: number; body: any }> }, q: string, caseId?: string) => {
    const res = await client.get(`/api/search?q=${encodeURIComponent(q)}${caseId ? `&caseId=${caseId}` : ''}`);
    expect(res.status).toBe(200);
    return res.body.results as Array<{ caseId: string; activityId: string; kind: string; snippet: string; caseTitle: string }>;
  };

  it('a note written by a client is found by a word of its body, with a highlighted, escaped snippet', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Searchable case' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    note(A.doc, 'n1', 'Customer <b>insists</b> on quarterly invoicing for the zeppelin fleet & "friends"');
    const results = await waitFor(async () => {
      const r = await search(a.client, 'zeppelin');
      return r.length > 0 ? r : null;
    }, 'the note in search');
    expect(results[0]).toMatchObject({ caseId: c.id, activityId: 'n1', kind: 'note', caseTitle: 'Searchable case' });
    expect(results[0]?.snippet).toContain('<mark>zeppelin</mark>');
    // Markup in the text never reaches the snippet as markup; only <mark> does.
    expect(results[0]?.snippet).toContain('insists');
    expect(results[0]?.snippet).toContain('&#38;');
    expect(results[0]?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);

    // Editing the body updates the index: the old word goes, the new one comes.
    const entry = listActivity(A.doc).find((e) => e.id === 'n1');
    const text = entry?.body?.get(0);
    if (!(text instanceof Y.XmlElement)) throw new Error('no paragraph');
    const inner = text.get(0);
    if (!(inner instanceof Y.XmlText)) throw new Error('no text');
    inner.delete(0, inner.length);
    inner.insert(0, 'now about hovercraft');
    await waitFor(async () => (await search(a.client, 'hovercraft')).length === 1, 'the edit in search');
    expect(await search(a.client, 'zeppelin')).toHaveLength(0);
    A.provider.destroy();
  });

  it('finds words inside unspaced scripts (Japanese, Chinese) by substring', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    note(A.doc, 'jp', '会議の議事録：バッタの大量発生という現象について');
    await waitFor(async () => (await search(a.client, '現象')).length === 1, 'CJK word');
    const [hit] = await search(a.client, 'バッタ');
    expect(hit?.snippet).toContain('<mark>バッタ</mark>');
    A.provider.destroy();
  });

  it('only returns what the searcher may see: not other workspaces, not private cases of others', async () => {
    const a = await signUp(env.server.url);
    const b = await inviteMember(env.server.url, a.client);
    const stranger = await signUp(env.server.url);
    const open = await createCase(a.client, { title: 'Open' });
    const secret = await createCase(a.client, { title: 'Private', private: true });
    for (const [c, id] of [
      [open, 'o1'],
      [secret, 's1'],
    ] as const) {
      const P = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
      await synced(P.provider);
      note(P.doc, id, 'the word quokka appears here');
      await waitFor(async () => (await search(a.client, 'quokka')).some((r) => r.activityId === id), 'indexed');
      P.provider.destroy();
    }
    expect((await search(a.client, 'quokka')).map((r) => r.activityId).sort()).toEqual(['o1', 's1']);
    expect((await search(b.client, 'quokka')).map((r) => r.activityId)).toEqual(['o1']);
    expect(await search(stranger.client, 'quokka')).toEqual([]);
    expect((await search(a.client, 'quokka', open.id)).map((r) => r.activityId)).toEqual(['o1']);
  });

  it('server-made entries are indexed before the call returns', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    await env.server.activity.add(c.id, 'team', {
      kind: 'system',
      at: new Date().toISOString(),
      actorId: null,
      actorName: 'Casehub',
      summary: 'Renewal reminder for the walrus contract',
    });
    const results = await search(a.client, 'walrus');
    expect(results).toHaveLength(1);
    expect(results[0]?.kind).toBe('system');
  });

  it('refuses an empty query with a clear 400', async () => {
    const a = await signUp(env.server.url);
    const res = await a.client.get('/api/search?q=%20');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/q:/);
  });
});
