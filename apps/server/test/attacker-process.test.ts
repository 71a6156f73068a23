import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addActivity, docName, planFragment } from '@casehub/case-document';
import { afterAll, describe, expect, it } from 'vitest';
import { awarenessFrame, deepUpdate, nested, updateFrame } from './attacks.js';
import { emailCorpusDir, pdfCorpusDir } from './corpus.js';
import { addParagraph, connect, createCase, freshStorage, inviteGuest, inviteMember, rawSocket, signUp, synced, waitFor, type Client } from './helpers.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from './process.js';

/**
 * Issue 20: the whole attacker suite against ONE server process, the real
 * entry point (src/main.ts, with its last-resort handlers). Every attack of
 * a guest viewer, a guest editor and a member runs in turn; the process must
 * still be up at the end, and every document, email and file made before
 * the attacks must read back exactly as it was.
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('attacker suite against one server process (issue 20)', () => {
  let proc: ServerProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await drop?.();
  });

  it('[S6.2] [S14.1] [S14.2] [S14.5] [S15.1] [A8.2] survives every attack, and everything made before reads back intact', async () => {
    const storage = await freshStorage('pglite');
    drop = storage.drop;
    const port = String(await freePort());
    proc = spawnServer({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir, DOC_UNLOAD_GRACE_MS: '200', SIGNUPS_PER_HOUR: '1000' });
    const server = proc;
    await waitHealthy(server.url);
    const url = server.url;
    const wsUrl = (name: string) => `${url.replace(/^http/, 'ws')}/sync/${name}`;
    const alive = () => server.child.exitCode === null && server.child.signalCode === null;

    // What must survive: a plan, a real email, a real PDF, on a case with guests.
    const owner = await signUp(url, { name: 'Olivia Owner' });
    const member = await inviteMember(url, owner.client);
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const team = docName(c.id, 'team');
    const shared = docName(c.id, 'shared');
    const A = connect(url, team, { cookie: owner.client.cookie });
    await synced(A.provider);
    addParagraph(A.doc, 'The plan that must survive');
    const eml = await readFile(`${emailCorpusDir}/enmime-html-only-apple-mail.eml`);
    const email = await owner.client.request('POST', `/api/cases/${c.id}/emails`, eml.toString('latin1'), { 'content-type': 'message/rfc822' });
    expect(email.status).toBe(201);
    const emailBefore = (await owner.client.get(`/api/emails/${email.body.emailId}`)).body;
    const pdf = await readFile(`${pdfCorpusDir}/pdfkit-guide.pdf`);
    const form = new FormData();
    form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'guide.pdf');
    const upload = await fetch(`${url}/api/cases/${c.id}/files`, { method: 'POST', body: form, headers: { cookie: owner.client.cookie } });
    expect(upload.status).toBe(201);
    const { fileId } = (await upload.json()) as { fileId: string };
    await waitFor(async () => planFragment(A.doc).toString().includes('must survive'), 'the plan');
    A.provider.destroy();

    const viewer = await inviteGuest(url, owner.client, c.id, 'viewer');
    const editor = await inviteGuest(url, owner.client, c.id, 'editor');
    const closes: Array<{ what: string; code: number }> = [];
    async function attack(what: string, who: Client, name: string, frames: Array<Uint8Array | string>): Promise<void> {
      const s = rawSocket(wsUrl(name), { cookie: who.cookie });
      expect(await s.opened, what).toBe(true);
      for (const f of frames) s.ws.send(f);
      const { code } = await s.closed;
      closes.push({ what, code });
    }

    // 20.1: presence nested 20,000 deep (viewer), then a joiner and a fan-out.
    await attack('deep presence', viewer.client, shared, [awarenessFrame([{ clientId: 7, clock: 1, json: nested(20_000) }])]);
    const joiner = connect(url, shared, { cookie: owner.client.cookie });
    await synced(joiner.provider);
    joiner.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    // 20.6: another person's presence, and a state past the size limit.
    await attack('presence of another', viewer.client, shared, [awarenessFrame([{ clientId: joiner.doc.clientID, clock: 99, json: '{}' }])]);
    await attack('huge presence', viewer.client, shared, [awarenessFrame([{ clientId: 8, clock: 1, json: JSON.stringify({ x: 'x'.repeat(40_000) }) }])]);
    joiner.provider.destroy();
    // 20.3: rich text nested 5,000 deep, by a guest editor (shared) and a member (team).
    const deep = deepUpdate(5000);
    await attack('deep text (guest editor)', editor.client, shared, [updateFrame(deep)]);
    await attack('deep text (member)', member.client, team, [updateFrame(deep)]);
    // S6: malformed frames.
    await attack('text frame', member.client, team, ['hello']);
    await attack('lying length', member.client, team, [new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1])]);
    await attack('unknown message type', member.client, team, [new Uint8Array([42])]);
    await attack('malformed awareness', viewer.client, shared, [new Uint8Array([1, 3, 1, 200, 1])]);
    for (const { what, code } of closes) expect({ what, code }).toEqual({ what, code: 4400 });
    expect(alive()).toBe(true);

    // 20.2: a guest editor's forged entry naming the internal email and file opens neither.
    const G = connect(url, shared, { cookie: editor.client.cookie });
    await synced(G.provider);
    G.doc.transact(() => {
      addActivity(G.doc, 'forged-email', {
        kind: 'email',
        at: new Date().toISOString(),
        actorId: null,
        actorName: 'x',
        summary: 'forged',
        emailId: email.body.emailId,
      });
      addActivity(G.doc, 'forged-file', { kind: 'file', at: new Date().toISOString(), actorId: null, actorName: 'x', summary: 'forged', fileId });
    });
    await new Promise((r) => setTimeout(r, 500));
    G.provider.destroy();
    for (const path of [`/api/emails/${email.body.emailId}`, `/api/emails/${email.body.emailId}/raw`, `/api/files/${fileId}/content`]) {
      expect((await editor.client.get(path)).status, path).toBe(404);
    }

    // 20.10: a burst of wrong passwords and of sign-ups is answered, not crashed on.
    const burst = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: owner.me.user.email, password: 'wrong-password' }),
        }),
      ),
    );
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(25);
    // Hostile JSON over HTTP: deep nesting and a wrong shape are 400s.
    const deepJson = await owner.client.request('POST', '/api/cases', nested(10_000), { 'content-type': 'application/json' });
    expect(deepJson.status).toBe(400);
    expect(alive()).toBe(true);

    // Everything made before reads back as it was.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const again = connect(url, team, { cookie: owner.client.cookie });
    await synced(again.provider);
    expect(planFragment(again.doc).toString()).toContain('The plan that must survive');
    again.provider.destroy();
    const emailAfter = (await owner.client.get(`/api/emails/${email.body.emailId}`)).body;
    expect(emailAfter).toEqual(emailBefore);
    const raw = await fetch(`${url}/api/emails/${email.body.emailId}/raw`, { headers: { cookie: owner.client.cookie } });
    expect(sha256(new Uint8Array(await raw.arrayBuffer()))).toBe(sha256(eml));
    const bytes = await fetch(`${url}/api/files/${fileId}/content`, { headers: { cookie: owner.client.cookie } });
    expect(sha256(new Uint8Array(await bytes.arrayBuffer()))).toBe(sha256(pdf));
    expect(alive()).toBe(true);
    expect(server.output()).not.toMatch(/Maximum call stack|unexpected error; exiting/);
  }, 180_000);
});
