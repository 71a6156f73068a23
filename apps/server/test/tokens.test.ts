import { docName } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, Client, createCase, inviteMember, rawSocket, signUp, startTestServer, type TestEnv } from './helpers.js';

/**
 * DESIGN §10: `GET /api/tokens` lists API tokens without their secrets and
 * `DELETE /api/tokens/<id>` revokes one (issue 14). People see and revoke
 * their own; owners and admins every token of the workspace.
 */
describe.each(featureBackends)('API tokens on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  }, 60_000);
  afterAll(() => env.stop());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('[issue 14] lists live tokens without secrets: yours, or all of the workspace for an owner', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const ci = (await member.client.post('/api/tokens', { name: 'CI' })).body as { id: string; token: string };
    const sheet = (await member.client.post('/api/tokens', { name: 'Spreadsheet' })).body as { id: string; token: string };
    const own = (await owner.client.post('/api/tokens', { name: 'Owner script' })).body as { id: string; token: string };

    const mine = await member.client.get('/api/tokens');
    expect(mine.status).toBe(200);
    expect(mine.body.tokens.map((t: { name: string }) => t.name).sort()).toEqual(['CI', 'Spreadsheet']);
    const text = JSON.stringify(mine.body);
    for (const secret of [ci.token, sheet.token]) expect(text).not.toContain(secret);
    expect(Object.keys(mine.body.tokens[0]).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'scope', 'userId', 'userName']);

    const all = await owner.client.get('/api/tokens');
    expect(all.body.tokens.map((t: { id: string }) => t.id).sort()).toEqual([ci.id, sheet.id, own.id].sort());
    expect(JSON.stringify(all.body)).not.toContain(own.token);

    // Use shows as lastUsedAt.
    expect((await new Client(env.server.url).request('GET', '/api/me', undefined, bearer(ci.token))).status).toBe(200);
    const used = (await member.client.get('/api/tokens')).body.tokens.find((t: { id: string }) => t.id === ci.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('[issue 14] a revoked token stops working at once and its sync sockets close; others cannot revoke what is not theirs', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const other = await inviteMember(env.server.url, owner.client);
    const made = await createCase(member.client, { title: 'Token room' });
    const token = (await member.client.post('/api/tokens', { name: 'Bot' })).body as { id: string; token: string };
    const anon = new Client(env.server.url);
    expect((await anon.request('GET', `/api/cases/${made.id}`, undefined, bearer(token.token))).status).toBe(200);

    const socket = rawSocket(`${env.server.url.replace(/^http/, 'ws')}/sync/${docName(made.id, 'team')}?token=${token.token}`);
    expect(await socket.opened).toBe(true);

    // Another member may not revoke it, nor learn that it exists.
    const refused = await other.client.delete(`/api/tokens/${token.id}`);
    expect(refused.status).toBe(404);
    expect((await anon.request('GET', '/api/me', undefined, bearer(token.token))).status).toBe(200);

    expect((await member.client.delete(`/api/tokens/${token.id}`)).status).toBe(204);
    expect((await anon.request('GET', '/api/me', undefined, bearer(token.token))).status).toBe(401);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect((await member.client.get('/api/tokens')).body.tokens).toEqual([]);
    expect((await member.client.delete(`/api/tokens/${token.id}`)).status).toBe(404);

    // An owner revokes a member's token; the audit log says who did.
    const second = (await member.client.post('/api/tokens', { name: 'Second' })).body as { id: string; token: string };
    expect((await owner.client.delete(`/api/tokens/${second.id}`)).status).toBe(204);
    expect((await anon.request('GET', '/api/me', undefined, bearer(second.token))).status).toBe(401);
    const audit = await owner.client.get('/api/audit?action=token.revoke');
    expect(audit.body.entries.map((e: { subjectId: string; actorId: string }) => [e.subjectId, e.actorId])).toEqual([
      [second.id, owner.me.user.id],
      [token.id, member.me.user.id],
    ]);
  });

  it('[issue 14] a token of another workspace is not found', async () => {
    const a = await signUp(env.server.url);
    const b = await signUp(env.server.url);
    const token = (await a.client.post('/api/tokens', { name: 'Mine' })).body as { id: string };
    expect((await b.client.delete(`/api/tokens/${token.id}`)).status).toBe(404);
    expect((await b.client.get('/api/tokens')).body.tokens).toEqual([]);
  });
});
