import { docName, planFragment } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends, connect, createCase, inviteGuest, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

/** Issue 21.2: restoring a version must never lose the text it replaces; long sessions keep versions. */

function setPlan(doc: Y.Doc, text: string): void {
  const plan = planFragment(doc);
  doc.transact(() => {
    if (plan.length > 0) plan.delete(0, plan.length);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    plan.insert(0, [p]);
  });
}

describe.each(backends)('versions around a restore on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    // A version every second of activity, so a "long session" takes seconds.
    env = await startTestServer(backend, { VERSION_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const versionsOf = async (client: { get(path: string): Promise<{ status: number; body: any }> }, caseId: string) =>
    (await client.get(`/api/cases/${caseId}/versions?doc=team&target=plan`)).body.versions as Array<{ id: string; excerpt: string }>;

  it('[issue 21.2] a session of steady editing keeps a version every VERSION_INTERVAL_SECONDS, while everyone stays connected', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Long session' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(A.provider);
    for (let i = 1; i <= 18; i++) {
      setPlan(A.doc, `draft ${i}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Nobody left: these are mid-session versions, not the one taken at unload.
    const list = await waitFor(async () => {
      const v = await versionsOf(owner.client, c.id);
      return v.length >= 2 ? v : null;
    }, 'versions taken during the session');
    expect(list.length).toBeGreaterThanOrEqual(2);
    A.provider.destroy();
  });

  it('[issue 21.2] a checkpoint before a restore keeps the text being replaced; equal text is not stored twice; viewers and strangers may not', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Restore' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(A.provider);
    setPlan(A.doc, 'the text about to be replaced');
    await waitFor(async () => (await owner.client.get(`/api/cases/${c.id}`)).status === 200, 'case');
    await new Promise((r) => setTimeout(r, 100));

    const res = await owner.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'team', target: 'plan' });
    expect(res.status).toBe(200);
    const after = await versionsOf(owner.client, c.id);
    expect(after.some((v) => v.excerpt.includes('the text about to be replaced'))).toBe(true);
    // The same text again: no second version.
    expect((await owner.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'team', target: 'plan' })).status).toBe(200);
    expect((await versionsOf(owner.client, c.id)).filter((v) => v.excerpt.includes('about to be replaced')).length).toBe(1);

    // A viewer guest may read the shared document, not restore it; a stranger learns nothing.
    const viewer = await inviteGuest(env.server.url, owner.client, c.id, 'viewer');
    expect((await viewer.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'shared', target: 'plan' })).status).toBe(403);
    expect((await viewer.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'team', target: 'plan' })).status).toBe(404);
    const stranger = await signUp(env.server.url);
    expect((await stranger.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'team', target: 'plan' })).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${c.id}/versions/checkpoint`, { doc: 'team', target: 'nope' })).status).toBe(400);
    A.provider.destroy();
  });
});
