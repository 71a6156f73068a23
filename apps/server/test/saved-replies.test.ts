import { fillSavedReply } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, createCase, inviteGuest, inviteMember, signUp, startTestServer, type Client, type TestEnv } from './helpers.js';

describe.each(featureBackends)('saved replies on %s', (backend) => {
  let env: TestEnv;
  let owner: Client;

  beforeAll(async () => {
    env = await startTestServer(backend);
    ({ client: owner } = await signUp(env.server.url, { name: 'Dana Seller' }));
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[M7.2] every member reads, writes and removes them; the body is sanitized; names are unique per workspace', async () => {
    const member = await inviteMember(env.server.url, owner);
    const made = await member.client.post('/api/saved-replies', {
      name: 'Thanks',
      html: '<p>Hi {{contact.firstName}},</p><p onclick="x()">Thanks! <img src="https://tracker.example/p.gif"><script>alert(1)</script><a href="javascript:alert(1)">x</a></p>',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Thanks', createdBy: member.me.user.id, createdByName: expect.any(String) });
    expect(made.body.html).toBe('<p>Hi {{contact.firstName}},</p><p>Thanks! <a>x</a></p>');

    const list = await owner.get('/api/saved-replies');
    expect(list.body.replies.map((r: { name: string }) => r.name)).toEqual(['Thanks']);
    expect((await owner.post('/api/saved-replies', { name: 'Thanks', html: '<p>again</p>' })).status).toBe(409);
    expect((await owner.post('/api/saved-replies', { name: 'Empty', html: '<script>only</script>' })).body.error.message).toMatch(/^html: has no text/);
    expect((await owner.post('/api/saved-replies', { name: '', html: '<p>x</p>' })).status).toBe(400);

    const renamed = await owner.patch(`/api/saved-replies/${made.body.id}`, { name: 'Thank you' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Thank you', html: made.body.html });
    expect((await owner.delete(`/api/saved-replies/${made.body.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/saved-replies/${made.body.id}`)).status).toBe(404);
    expect((await owner.patch(`/api/saved-replies/${made.body.id}`, { name: 'x' })).status).toBe(404);
  });

  it('[M7.2] guests are told they do not exist; another workspace never sees them', async () => {
    const made = await owner.post('/api/saved-replies', { name: 'Pricing', html: '<p>Our prices</p>' });
    const caseId = (await createCase(owner)).id;
    const guest = await inviteGuest(env.server.url, owner, caseId, 'editor');
    expect((await guest.client.get('/api/saved-replies')).status).toBe(404);
    expect((await guest.client.post('/api/saved-replies', { name: 'Mine', html: '<p>x</p>' })).status).toBe(404);
    expect((await guest.client.delete(`/api/saved-replies/${made.body.id}`)).status).toBe(404);
    const { client: stranger } = await signUp(env.server.url);
    expect((await stranger.get('/api/saved-replies')).body.replies).toEqual([]);
    expect((await stranger.delete(`/api/saved-replies/${made.body.id}`)).status).toBe(404);
  });
});

describe('filling a saved reply', () => {
  it('[M7.2] fills known fields (escaped) and leaves unknown or empty ones as written', () => {
    expect(
      fillSavedReply('<p>Hi {{ contact.firstName }}, about {{case.title}} — {{me.name}} {{contact.nickname}}</p>', {
        'contact.firstName': 'Ann <b>',
        'case.title': 'Renewal',
      }),
    ).toBe('<p>Hi Ann &#60;b&#62;, about Renewal — {{me.name}} {{contact.nickname}}</p>');
  });
});
