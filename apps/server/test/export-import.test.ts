import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fragmentText, listActivity, listExpectations, planFragment, readFields } from '@casehub/case-document';
import { defaultBusinessHours } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { emailCorpusDir, pdfCorpusDir } from './corpus.js';
import {
  addParagraph,
  backends,
  Client,
  connect,
  createCase,
  freshStorage,
  inviteMember,
  signUp,
  startNode,
  startTestServer,
  synced,
  waitFor,
  type TestEnv,
} from './helpers.js';

/**
 * Issue 16.3 (DESIGN §10): a workspace exported from one server and imported
 * into a fresh owner's workspace on another is the same workspace: cases,
 * plan, stream, emails, file bytes, contacts, accounts and promises.
 */
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const emailFiles = ['mailparser-nested.eml', 'flanker-attached-pdf.eml', 'enmime-qp-encoded-word-headers.eml'];
const pdfFiles = ['pdfminer-simple1-minimal.pdf', 'pdfplumber-latex-lorem-ipsum.pdf'];

async function postRaw(client: Client, caseId: string, bytes: Uint8Array) {
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/emails`, {
    method: 'POST',
    body: bytes,
    headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { emailId: string; activityId: string };
}

async function upload(client: Client, caseId: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  expect(res.status).toBe(201);
  return (await res.json()) as { fileId: string };
}

async function download(client: Client, path: string) {
  const res = await fetch(client.baseUrl + path, { headers: { cookie: client.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function importArchive(client: Client, bytes: Uint8Array) {
  const res = await fetch(`${client.baseUrl}/api/import`, {
    method: 'POST',
    body: bytes,
    headers: { cookie: client.cookie, 'content-type': 'application/zip' },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Opens a document over /sync and reads it once synced. */
async function openDoc<T>(baseUrl: string, cookie: string, name: string, read: (doc: Y.Doc) => T): Promise<T> {
  const { doc, provider } = connect(baseUrl, name, { cookie });
  try {
    await synced(provider);
    return read(doc);
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

const caseView = (doc: Y.Doc) => ({
  fields: readFields(doc),
  plan: fragmentText(planFragment(doc)),
  stream: listActivity(doc).map((e) => ({
    id: e.id,
    kind: e.kind,
    at: e.at,
    summary: e.summary,
    emailId: e.emailId,
    fileId: e.fileId,
    body: e.body ? fragmentText(e.body) : '',
  })),
  promises: listExpectations(doc).map((p) => ({ id: p.id, text: p.text, dueAt: p.dueAt, status: p.status, promisedTo: p.promisedTo })),
});

/** The entries of a zip with their bytes (the test reads what the server wrote, with a library of its own choosing). */
function unzip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

/**
 * The same archive with some entries changed or left out, and a manifest that
 * matches again: what an older export, or a hand-edited one, looks like.
 */
async function rezip(archive: Uint8Array, change: (entries: Map<string, Buffer>) => void): Promise<Uint8Array> {
  const entries = await unzip(archive);
  const manifest = JSON.parse(String(entries.get('manifest.json'))) as { entries: Record<string, { sha256: string; size: number }> };
  entries.delete('manifest.json');
  change(entries);
  manifest.entries = Object.fromEntries([...entries].map(([name, bytes]) => [name, { sha256: sha(bytes), size: bytes.byteLength }]));
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const ndjsonRows = (bytes: Buffer | undefined): Array<Record<string, any>> =>
  String(bytes ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);
const toNdjson = (rows: readonly unknown[]): Buffer => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));

type Field = { id: string; kind: string; label: string; type: string; required: boolean; shared: boolean; options: string[] };
type Stage = { id: string; name: string; outcome: string };
type SavedView = { id: string; name: string; sort: string; order: string; columns: string[]; filters: Record<string, any> };

const fieldsOf = async (client: Client): Promise<Field[]> => (await client.get('/api/settings/custom-fields')).body.fields as Field[];
const stagesOf = async (client: Client, kind: 'deal' | 'support'): Promise<Stage[]> =>
  ((await client.get('/api/settings/pipelines')).body.pipelines as Array<{ kind: string; stages: Stage[] }>).find((p) => p.kind === kind)?.stages ?? [];
const viewNamed = async (client: Client, name: string): Promise<SavedView | undefined> =>
  ((await client.get('/api/views')).body.views as SavedView[]).find((v) => v.name === name);
/** Deals sorted by a custom column: title, stage and the case's custom values. */
const dealsSortedBy = async (client: Client, fieldId: string) => {
  const res = await client.get(`/api/cases?kind=deal&sort=cf:${fieldId}&order=desc`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.cases as Array<{ id: string; title: string; stage: string; custom: Record<string, unknown> }>).map((c) => ({
    id: c.id,
    title: c.title,
    stage: c.stage,
    custom: c.custom,
  }));
};
const withoutIds = (fields: Field[]) => fields.map(({ id: _id, ...rest }) => rest);
const stageNames = (stages: Stage[]) => stages.map((s) => [s.name, s.outcome]);

describe.each(backends)('export and import of a whole workspace on %s', (backend) => {
  let source: TestEnv;
  let target: TestEnv;
  let owner: Client;
  let ownerEmail: string;
  let colleague: Client;
  let archive: Uint8Array;
  const cases: Array<{ id: string; title: string }> = [];
  /** [issue 17] The deals' custom fields by label, and the deal pipeline the owner defined. */
  const field: Record<'tier' | 'arr' | 'champion', string> = { tier: '', arr: '', champion: '' };
  let legacyField = '';
  let ownerId = '';
  const dealStages = [
    { name: 'Discovery', outcome: 'open' },
    { name: 'Pilot', outcome: 'open' },
    { name: 'Signed', outcome: 'won' },
    { name: 'Walked away', outcome: 'lost' },
  ];
  const emailIds: string[] = [];
  const fileIds: string[] = [];
  const hours = {
    ...defaultBusinessHours,
    timeZone: 'Europe/Lisbon',
    holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    countWorkingTime: { firstResponse: true, promiseAtRisk: false },
  };

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(backend), startTestServer(backend)]);
    const signed = await signUp(source.server.url, { name: 'Olivia Owner', workspaceName: 'Acme Deals' });
    owner = signed.client;
    ownerEmail = signed.me.user.email;
    ownerId = signed.me.user.id;
    colleague = (await inviteMember(source.server.url, owner)).client;

    // [issue 17] The workspace's workflow: a deal pipeline of its own, a required select, money and a person field.
    expect((await owner.put('/api/settings/pipelines/deal', { stages: dealStages })).status).toBe(200);
    const defined = await owner.put('/api/settings/custom-fields/deal', {
      fields: [
        { label: 'Tier', type: 'select', required: true, options: ['Gold', 'Silver', 'Bronze'] },
        { label: 'ARR', type: 'money' },
        { label: 'Champion', type: 'person' },
        { label: 'Legacy code', type: 'text' },
      ],
    });
    expect(defined.status).toBe(200);
    [field.tier, field.arr, field.champion, legacyField] = (defined.body.fields as Field[]).map((f) => f.id) as [string, string, string, string];

    const account = await owner.post('/api/accounts', { name: 'Northwind Traders', domains: ['northwind.example'], tags: ['EMEA'] });
    expect(account.status).toBe(201);
    const contact = await owner.post('/api/contacts', { name: 'Nadia North', title: 'CFO', accountId: account.body.id, emails: ['nadia@northwind.example'] });
    expect(contact.status).toBe(201);

    // A new deal must have its required Tier (issue 17.3); the values that matter here are patched in below.
    cases.push(await createCase(owner, { title: 'Northwind renewal 2027', kind: 'deal', account: 'Northwind Traders', custom: { [field.tier]: 'Bronze' } }));
    cases.push(await createCase(owner, { title: 'Printer outage at HQ', kind: 'support' }));
    cases.push(await createCase(owner, { title: 'Contoso expansion', kind: 'deal', custom: { [field.tier]: 'Bronze' } }));
    const [deal, outage, expansion] = cases;
    if (!deal || !outage || !expansion) throw new Error('three cases');
    const patched = await owner.patch(`/api/cases/${deal.id}`, {
      stage: 'Pilot',
      custom: { [field.tier]: 'Gold', [field.arr]: { amount: 120_000, currency: 'EUR' }, [field.champion]: ownerId, [legacyField]: 'N-7' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(
      (await owner.patch(`/api/cases/${expansion.id}`, { custom: { [field.tier]: 'Silver', [field.arr]: { amount: 450_000, currency: 'EUR' } } })).status,
    ).toBe(200);
    const view = await owner.post('/api/views', {
      name: 'Deals by ARR',
      filters: { kind: 'deal', custom: { [field.tier]: 'Gold' } },
      sort: `cf:${field.arr}`,
      order: 'desc',
      columns: ['title', 'stage', `cf:${field.tier}`, `cf:${field.arr}`],
      shared: true,
    });
    expect(view.status, JSON.stringify(view.body)).toBe(201);
    const legacyView = await owner.post('/api/views', {
      name: 'Legacy codes',
      sort: `cf:${legacyField}`,
      columns: ['title', `cf:${legacyField}`, `cf:${field.tier}`],
    });
    expect(legacyView.status).toBe(201);
    // A field deleted after a view named it: the view keeps working without it, and the export leaves it out.
    const kept = (await fieldsOf(owner)).filter((f) => f.id !== legacyField);
    expect((await owner.put('/api/settings/custom-fields/deal', { fields: kept })).status).toBe(200);
    expect((await owner.put(`/api/cases/${deal.id}/contacts/${contact.body.id}`, { role: 'decision-maker', influence: 5 })).status).toBe(200);

    // The plan, co-edited over /sync by two people at once.
    const a = connect(source.server.url, `cases/${deal.id}/team`, { cookie: owner.cookie });
    const b = connect(source.server.url, `cases/${deal.id}/team`, { cookie: colleague.cookie });
    await Promise.all([synced(a.provider), synced(b.provider)]);
    addParagraph(a.doc, 'Renewal at 120 seats, pricing held flat.');
    addParagraph(b.doc, 'Security review booked with their CISO.');
    await waitFor(() => fragmentText(planFragment(a.doc)).includes('CISO') && fragmentText(planFragment(b.doc)).includes('pricing'), 'the co-edited plan');
    a.provider.destroy();
    b.provider.destroy();

    for (const name of emailFiles) emailIds.push((await postRaw(owner, deal.id, await readFile(`${emailCorpusDir}/${name}`))).emailId);
    for (const name of pdfFiles) fileIds.push((await upload(owner, outage.id, name, await readFile(`${pdfCorpusDir}/${name}`))).fileId);
    expect((await owner.post(`/api/cases/${deal.id}/notes`, { text: 'Call notes: procurement wants a zebrafish clause.' })).status).toBe(201);
    const promise = await owner.post(`/api/cases/${deal.id}/expectations`, {
      text: 'Send the revised quote',
      promisedTo: 'Nadia North',
      dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    expect(promise.status).toBe(201);
    // Attachments of the emails are files too.
    await waitFor(async () => (await owner.get(`/api/expectations?view=all`)).body.expectations.length === 1, 'the promise index');

    expect((await owner.put('/api/settings/business-hours', hours)).status).toBe(200);

    const res = await download(owner, '/api/export');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    archive = res.bytes;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('[issue 16.3] the archive holds a manifest whose SHA-256 and size match every entry, the documents, raw emails and file bytes', async () => {
    const entries = await unzip(archive);
    const manifestBytes = entries.get('manifest.json');
    expect(manifestBytes).toBeDefined();
    const manifest = JSON.parse(String(manifestBytes)) as {
      format: string;
      version: number;
      counts: Record<string, number>;
      entries: Record<string, { sha256: string; size: number }>;
    };
    expect(manifest.version).toBe(1);
    expect(Object.keys(manifest.entries).sort()).toEqual([...entries.keys()].filter((n) => n !== 'manifest.json').sort());
    for (const [name, meta] of Object.entries(manifest.entries)) {
      const bytes = entries.get(name);
      expect(bytes && sha(bytes)).toBe(meta.sha256);
      expect(bytes?.byteLength).toBe(meta.size);
    }
    expect(manifest.counts.cases).toBe(3);
    expect(manifest.counts.custom_fields).toBe(3);
    expect(manifest.counts.emails).toBe(3);
    for (const c of cases) expect(entries.has(`docs/${c.id}/team.yjs`)).toBe(true);
    for (const id of emailIds) expect(entries.get(`emails/${id}.eml`)).toBeDefined();
    for (const name of pdfFiles) expect(entries.has(`files/${sha(await readFile(`${pdfCorpusDir}/${name}`))}`)).toBe(true);
    // No password hash ever leaves the server.
    expect(String(entries.get('tables/users.ndjson'))).not.toMatch(/argon2|password/i);
  });

  it('[issue 16.3] a member is refused the export (403); an owner whose workspace has cases is refused an import (409)', async () => {
    expect((await download(colleague, '/api/export')).status).toBe(403);
    const again = await importArchive(owner, archive);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/empty workspace/);
  });

  it('[issue 16.3] a tampered archive is refused by its hashes with a clear 400, and nothing is imported', async () => {
    const { client: fresh } = await signUp(target.server.url, { workspaceName: 'Tamper target' });
    // Flip one byte in the middle of the stored PDF bytes (stored uncompressed, so the zip itself stays readable).
    const pdf = await readFile(`${pdfCorpusDir}/${pdfFiles[1]}`);
    const at = Buffer.from(archive).indexOf(pdf.subarray(2000, 2064));
    expect(at).toBeGreaterThan(0);
    const tampered = new Uint8Array(archive);
    tampered[at + 10] = (tampered[at + 10] ?? 0) ^ 0xff;
    const res = await importArchive(fresh, tampered);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/does not match its SHA-256/);
    expect((await fresh.get('/api/cases')).body.cases).toHaveLength(0);
    expect((await fresh.get('/api/contacts')).body.contacts).toHaveLength(0);
    // Not a zip at all: a clear 400 too.
    expect((await importArchive(fresh, new TextEncoder().encode('not a zip'))).status).toBe(400);
    // A guest-free member of that workspace may not import either.
    const member = (await inviteMember(target.server.url, fresh)).client;
    expect((await importArchive(member, archive)).status).toBe(403);
  });

  it('[issue 16.3] the import into a new owner on another server reproduces every case, plan, stream entry, email, file, contact, account and promise, and its documents sync', async () => {
    // The same person signs up on the new server (a new account id there).
    const { client: newOwner, me } = await signUp(target.server.url, { email: ownerEmail, name: 'Olivia Owner', workspaceName: 'Restored' });
    const res = await importArchive(newOwner, archive);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workspaceId: me.workspace.id, cases: 3, emails: 3 });
    expect(res.body.files).toBeGreaterThanOrEqual(pdfFiles.length + 1);

    const before = (await owner.get('/api/cases')).body.cases as Array<{ id: string; title: string; kind: string; stage: string; account: string }>;
    const after = (await newOwner.get('/api/cases')).body.cases as typeof before;
    const summary = (list: typeof before) =>
      list.map((c) => ({ title: c.title, kind: c.kind, stage: c.stage, account: c.account })).sort((x, y) => x.title.localeCompare(y.title));
    expect(summary(after)).toEqual(summary(before));

    for (const c of cases) {
      const theirs = await openDoc(source.server.url, owner.cookie, `cases/${c.id}/team`, caseView);
      const ours = await openDoc(target.server.url, newOwner.cookie, `cases/${c.id}/team`, caseView);
      expect(ours.plan).toBe(theirs.plan);
      expect(ours.stream.map(({ id, kind, at, summary: s, emailId, fileId, body }) => ({ id, kind, at, s, emailId, fileId, body }))).toEqual(
        theirs.stream.map(({ id, kind, at, summary: s, emailId, fileId, body }) => ({ id, kind, at, s, emailId, fileId, body })),
      );
      expect(ours.promises).toEqual(theirs.promises);
      expect(ours.fields.title).toBe(c.title);
      // Who wrote an entry is this server's account of the same person.
      expect(ours.stream.filter((e) => e.kind === 'note').length).toBe(theirs.stream.filter((e) => e.kind === 'note').length);
    }
    const plan = await openDoc(target.server.url, newOwner.cookie, `cases/${cases[0]?.id}/team`, caseView);
    expect(plan.plan).toContain('Security review booked with their CISO.');
    expect(plan.plan).toContain('Renewal at 120 seats');

    for (const id of emailIds) {
      const [x, y] = [(await owner.get(`/api/emails/${id}`)).body, (await newOwner.get(`/api/emails/${id}`)).body];
      expect(y.subject).toBe(x.subject);
      expect(y.text).toBe(x.text);
      expect(y.from).toEqual(x.from);
      expect((await download(newOwner, `/api/emails/${id}/raw`)).bytes).toEqual((await download(owner, `/api/emails/${id}/raw`)).bytes);
    }
    for (const [i, id] of fileIds.entries()) {
      const bytes = (await download(newOwner, `/api/files/${id}/content`)).bytes;
      expect(sha(bytes)).toBe(sha(await readFile(`${pdfCorpusDir}/${pdfFiles[i]}`)));
    }
    const names = (list: Array<{ name: string }>) => list.map((x) => x.name).sort();
    expect(names((await newOwner.get('/api/contacts')).body.contacts)).toEqual(names((await owner.get('/api/contacts')).body.contacts));
    expect(names((await newOwner.get('/api/accounts')).body.accounts)).toEqual(names((await owner.get('/api/accounts')).body.accounts));
    expect((await newOwner.get(`/api/cases/${cases[0]?.id}/contacts`)).body.stakeholders).toHaveLength(1);

    expect((await newOwner.get('/api/settings/business-hours')).body).toEqual(hours);

    // [issue 17] The workflow came back: definitions (ids free on this server, so kept), the pipeline, the views.
    expect(await fieldsOf(newOwner)).toEqual(await fieldsOf(owner));
    expect(await stagesOf(newOwner, 'deal')).toEqual(await stagesOf(owner, 'deal'));
    expect(stageNames(await stagesOf(newOwner, 'deal'))).toEqual(stageNames(dealStages as Stage[]));
    expect(await viewNamed(newOwner, 'Deals by ARR')).toMatchObject({
      sort: `cf:${field.arr}`,
      order: 'desc',
      columns: ['title', 'stage', `cf:${field.tier}`, `cf:${field.arr}`],
      filters: { kind: 'deal', custom: { [field.tier]: 'Gold' } },
    });
    // The view naming a field deleted before the export lost only that field.
    expect(await viewNamed(newOwner, 'Legacy codes')).toMatchObject({ sort: 'updatedAt', columns: ['title', `cf:${field.tier}`] });
    const deals = await dealsSortedBy(newOwner, field.arr);
    expect(deals.map((d) => d.title)).toEqual(['Contoso expansion', 'Northwind renewal 2027']);
    // The person field names the same person, by their account on this server.
    expect(deals[1]?.custom).toEqual({ [field.tier]: 'Gold', [field.arr]: { amount: 120_000, currency: 'EUR' }, [field.champion]: me.user.id });
    expect(deals[1]?.stage).toBe('Pilot');

    // The projections came back from the documents: the promise list, search over the stream.
    const promises = (await newOwner.get('/api/expectations?view=all')).body.expectations as Array<{ text: string; ownerId: string }>;
    expect(promises.map((p) => p.text)).toEqual(['Send the revised quote']);
    expect(promises[0]?.ownerId).toBe(me.user.id);
    const hits = (await newOwner.get('/api/search?q=zebrafish')).body.results as Array<{ caseId: string }>;
    expect(hits.map((h) => h.caseId)).toContain(cases[0]?.id);

    // The imported document is live: an edit over /sync reaches a second client and stays.
    const one = connect(target.server.url, `cases/${cases[0]?.id}/team`, { cookie: newOwner.cookie });
    const two = connect(target.server.url, `cases/${cases[0]?.id}/team`, { cookie: newOwner.cookie });
    await Promise.all([synced(one.provider), synced(two.provider)]);
    addParagraph(one.doc, 'Edited after the move.');
    await waitFor(() => fragmentText(planFragment(two.doc)).includes('Edited after the move.'), 'the edit on the other client');
    one.provider.destroy();
    two.provider.destroy();

    // The colleague came back as an account without a usable password.
    const login = await new Client(target.server.url).post('/api/auth/login', {
      email: (await colleague.get('/api/me')).body.user.email,
      password: 'another good password',
    });
    expect(login.status).toBe(401);
  });

  it('[issue 17] an import into a new workspace on the same server gives the fields new ids, and values, the pipeline and the view follow them', async () => {
    const { client: other } = await signUp(source.server.url, { workspaceName: 'Copy on the same server' });
    const res = await importArchive(other, archive);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const theirs = await fieldsOf(owner);
    const ours = await fieldsOf(other);
    expect(withoutIds(ours)).toEqual(withoutIds(theirs));
    // Every id is taken here by the original workspace: none is shared with it.
    for (const f of ours) expect(theirs.map((t) => t.id)).not.toContain(f.id);
    const here = Object.fromEntries(ours.map((f) => [f.label, f.id])) as Record<string, string>;
    const [tier, arr, champion] = [here.Tier ?? '', here.ARR ?? '', here.Champion ?? ''];
    expect(stageNames(await stagesOf(other, 'deal'))).toEqual(stageNames(dealStages as Stage[]));

    // The values moved to the new ids, in the case index (sorting, filtering) and in the documents (GET reads them).
    const deals = await dealsSortedBy(other, arr);
    expect(deals.map((d) => d.title)).toEqual(['Contoso expansion', 'Northwind renewal 2027']);
    const northwind = deals[1];
    if (!northwind) throw new Error('the imported deal');
    expect(northwind.custom).toEqual({ [tier]: 'Gold', [arr]: { amount: 120_000, currency: 'EUR' }, [champion]: ownerId });
    const gold = await other.get(`/api/cases?custom=${encodeURIComponent(JSON.stringify({ [tier]: 'Gold' }))}`);
    expect(gold.body.cases.map((c: { title: string }) => c.title)).toEqual(['Northwind renewal 2027']);
    const detail = await other.get(`/api/cases/${northwind.id}`);
    expect(detail.body.custom).toEqual(northwind.custom);
    expect(detail.body.customFields.map((f: Field) => f.id)).toEqual([tier, arr, champion]);

    // The shared view names the new ids, and its sort works.
    const view = await viewNamed(other, 'Deals by ARR');
    expect(view).toMatchObject({
      sort: `cf:${arr}`,
      columns: ['title', 'stage', `cf:${tier}`, `cf:${arr}`],
      filters: { kind: 'deal', custom: { [tier]: 'Gold' } },
    });
    const asc = await other.get(`/api/cases?kind=deal&sort=${view?.sort ?? ''}&order=asc`);
    expect(asc.body.cases.map((c: { title: string }) => c.title)).toEqual(['Northwind renewal 2027', 'Contoso expansion']);

    // The imported definitions are the ones that check a change: a new value goes in, a required one cannot be cleared.
    const changed = await other.patch(`/api/cases/${northwind.id}`, { custom: { [tier]: 'Bronze', [arr]: { amount: 900_000, currency: 'EUR' } } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await dealsSortedBy(other, arr))[0]).toMatchObject({ title: 'Northwind renewal 2027', custom: { [tier]: 'Bronze' } });
    expect((await other.patch(`/api/cases/${northwind.id}`, { custom: { [tier]: null } })).status).toBe(400);
    expect((await other.patch(`/api/cases/${northwind.id}`, { custom: { [tier]: 'Platinum' } })).status).toBe(400);
    // The original's id means nothing in the copy, and the original is untouched.
    expect((await other.patch(`/api/cases/${northwind.id}`, { custom: { [field.tier]: 'Gold' } })).status).toBe(400);
    expect(await fieldsOf(owner)).toEqual(theirs);
    expect((await dealsSortedBy(owner, field.arr))[1]?.custom[field.tier]).toBe('Gold');
  });

  it('[issue 17] an archive made before fields and pipelines were exported still imports: pipelines mapped from the stages in use, views without the fields', async () => {
    const older = await rezip(archive, (entries) => {
      entries.delete('tables/custom_fields.ndjson');
      const ws = JSON.parse(String(entries.get('workspace.json'))) as Record<string, unknown>;
      delete ws.pipelines;
      entries.set('workspace.json', Buffer.from(JSON.stringify(ws)));
    });
    const { client: fresh } = await signUp(target.server.url, { workspaceName: 'From an older export' });
    const res = await importArchive(fresh, older);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await fieldsOf(fresh)).toEqual([]);
    const stages = (await stagesOf(fresh, 'deal')).map((s) => s.name);
    expect(stages).toContain('Pilot');
    expect(stages).toContain('lead');
    expect(await viewNamed(fresh, 'Deals by ARR')).toMatchObject({ sort: 'updatedAt', columns: ['title', 'stage'], filters: { kind: 'deal' } });

    // Older still: before saved views, plan templates and saved replies were exported.
    const oldest = await rezip(older, (entries) => {
      for (const table of ['saved_views', 'plan_templates', 'saved_replies']) entries.delete(`tables/${table}.ndjson`);
    });
    const { client: another } = await signUp(target.server.url, { workspaceName: 'From the oldest export' });
    const again = await importArchive(another, oldest);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await another.get('/api/cases')).body.cases).toHaveLength(3);
  });

  it('[issue 17] an archive whose workflow a save would refuse gets a 400 saying what, and the workspace keeps what it had', async () => {
    const { client: fresh } = await signUp(target.server.url, { workspaceName: 'Hostile imports' });
    // Something of its own that a refused import must not take away.
    const own = await fresh.put('/api/settings/custom-fields/support', { fields: [{ label: 'Severity', type: 'number' }] });
    expect(own.status).toBe(200);
    const before = await fieldsOf(fresh);
    const edited = (change: (entries: Map<string, Buffer>) => void) => rezip(archive, change);
    const editTable = (entries: Map<string, Buffer>, table: string, edit: (rows: Array<Record<string, any>>) => void) => {
      const rows = ndjsonRows(entries.get(`tables/${table}.ndjson`));
      edit(rows);
      entries.set(`tables/${table}.ndjson`, toNdjson(rows));
    };
    const refusals: Array<[Uint8Array, RegExp]> = [
      [
        await edited((e) =>
          editTable(e, 'custom_fields', (rows) => {
            if (rows[0]) rows[0].type = 'formula';
          }),
        ),
        /custom_fields\.ndjson line 1: type must be one of text, number/,
      ],
      [
        await edited((e) =>
          editTable(e, 'custom_fields', (rows) => {
            const select = rows.find((r) => r.type === 'select');
            if (select) select.options = [];
          }),
        ),
        /"Tier".*needs at least one option/,
      ],
      [
        await edited((e) =>
          editTable(e, 'saved_views', (rows) => {
            const view = rows.find((r) => r.name === 'Deals by ARR');
            if (view) view.columns = [...view.columns, 'cf:notDefinedHere'];
          }),
        ),
        /the view "Deals by ARR" names the custom field notDefinedHere, which tables\/custom_fields\.ndjson does not define/,
      ],
      [
        await edited((e) => {
          const ws = JSON.parse(String(e.get('workspace.json'))) as { pipelines: Record<string, Stage[]> };
          const deal = ws.pipelines.deal ?? [];
          ws.pipelines.deal = [...deal, { id: 'another', name: deal[0]?.name ?? 'x', outcome: 'open' }];
          e.set('workspace.json', Buffer.from(JSON.stringify(ws)));
        }),
        /pipelines\.deal: the stage "Discovery" is listed twice/,
      ],
      [
        await edited((e) => {
          const ws = JSON.parse(String(e.get('workspace.json'))) as { pipelines: Record<string, Stage[]> };
          ws.pipelines.support = [{ id: 's1', name: 'Won it', outcome: 'won' }, ...(ws.pipelines.support ?? [])];
          e.set('workspace.json', Buffer.from(JSON.stringify(ws)));
        }),
        /a support stage cannot be "Closed won"/,
      ],
    ];
    for (const [bytes, message] of refusals) {
      const res = await importArchive(fresh, bytes);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect((await fresh.get('/api/cases')).body.cases).toHaveLength(0);
      expect(await fieldsOf(fresh)).toEqual(before);
      expect((await fresh.get('/api/views')).body.views).toHaveLength(0);
    }
    // The genuine archive then goes in, its definitions in place of the empty workspace's own.
    const res = await importArchive(fresh, archive);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await fieldsOf(fresh)).map((f) => f.label)).toEqual(['Tier', 'ARR', 'Champion']);
  });
});

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

/**
 * The `casehub` command (what `pnpm casehub …` runs, the root's bin) in the
 * repository, on the given storage (the server's own environment variables),
 * through a shell so that `>` redirects standard output as a user's would.
 */
async function casehub(args: string[], storage: { dataDir: string; databaseUrl: string | undefined }) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: storage.dataDir, LOG_LEVEL: 'warn' };
  if (storage.databaseUrl) env.DATABASE_URL = storage.databaseUrl;
  else delete env.DATABASE_URL;
  return run('sh', ['-c', `node_modules/.bin/casehub ${args.join(' ')}`], { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 });
}

describe.each(backends)('the export and import commands on %s', (backend) => {
  it("[issue 16.3] `pnpm casehub export --workspace <id> > ws.zip` and `pnpm casehub import ws.zip` restore a stopped server's workspace on another", async () => {
    const from = await freshStorage(backend);
    const to = await freshStorage(backend);
    try {
      const node = await startNode(from);
      const { client, me } = await signUp(node.url, { workspaceName: 'Command line' });
      const c = await createCase(client, { title: 'Moved by the command line' });
      expect((await client.post(`/api/cases/${c.id}/notes`, { text: 'A note that travels' })).status).toBe(201);
      const email = await postRaw(client, c.id, await readFile(`${emailCorpusDir}/${emailFiles[0]}`));
      // PGlite's data directory is one process's at a time: the server stops first.
      await node.close();

      const zip = path.join(to.dataDir, 'ws.zip');
      await casehub(['export', '--workspace', me.workspace.id, '>', zip], from);
      const head = Buffer.from(await readFile(zip)).subarray(0, 4);
      expect(head.toString('latin1')).toBe('PK\x03\x04');
      expect((await stat(zip)).size).toBeGreaterThan(1000);

      const { stdout } = await casehub(['import', zip], to);
      const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { workspaceId: string; cases: number; emails: number };
      expect(result).toMatchObject({ workspaceId: me.workspace.id, cases: 1, emails: 1 });

      const restored = await startNode(to);
      try {
        // The owner comes back without a password (none left the old server); a token-free check through the database.
        const rows = await restored.database.db.query.cases.findMany({ where: (t, { eq }) => eq(t.workspaceId, me.workspace.id) });
        expect(rows.map((r) => r.title)).toEqual(['Moved by the command line']);
        const mail = await restored.database.db.query.emails.findFirst({ where: (t, { eq }) => eq(t.id, email.emailId) });
        expect(mail?.caseId).toBe(c.id);
        const login = await new Client(restored.url).post('/api/auth/login', { email: me.user.email, password: 'correct horse battery' });
        expect(login.status).toBe(401);
      } finally {
        await restored.close();
      }
    } finally {
      await Promise.all([from.drop(), to.drop()]);
    }
  }, 120_000);
});
