import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './helpers.js';
import { featureBackends, createCase, inviteGuest, inviteMember, signUp, startTestServer, type TestEnv } from './helpers.js';

/** POSTs a CSV file as a spreadsheet export would arrive. */
async function postCsv(client: Client, path: string, text: string | Uint8Array, accept = 'application/json') {
  const res = await fetch(client.baseUrl + path, { method: 'POST', body: text, headers: { cookie: client.cookie, 'content-type': 'text/csv', accept } });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** CSV import and export of contacts, accounts and cases (issue 16.2). */
describe.each(featureBackends)('CSV import and export on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  }, 60_000);
  afterAll(() => env.stop());

  it('[issue 16.2] accounts then contacts: preview guesses the mapping, a dry run reports and changes nothing, the import creates, updates by domain or email and refuses bad rows by row and column', async () => {
    const { client } = await signUp(url);
    await client.post('/api/accounts', { name: 'Initech', domains: ['initech.test'] });
    await client.post('/api/contacts', { name: 'Peter Gibbons', emails: ['peter@initech.test'], title: 'Engineer' });

    const accountsCsv =
      '\ufeffCompany;Website;Tags\r\nInitech;https://www.initech.test/;customer\r\nGlobex;globex.test;"prospect; EMEA"\r\n;nameless.test;\r\n';
    const preview = await postCsv(client, '/api/csv/accounts/preview', accountsCsv);
    expect(preview.status).toBe(200);
    const p = JSON.parse(preview.text);
    expect(p).toMatchObject({
      columns: ['Company', 'Website', 'Tags'],
      rows: 3,
      delimiter: ';',
      mapping: { name: 'Company', domains: 'Website', tags: 'Tags' },
    });

    const dry = JSON.parse((await postCsv(client, '/api/csv/accounts/import?dryRun=true', accountsCsv)).text);
    expect(dry).toEqual({ dryRun: true, rows: 3, created: 1, updated: 1, refused: [{ row: 4, column: 'Company', reason: 'name: must not be empty' }] });
    expect((await client.get('/api/accounts')).body.total).toBe(1);

    const done = JSON.parse((await postCsv(client, '/api/csv/accounts/import', accountsCsv)).text);
    expect(done).toMatchObject({ dryRun: false, created: 1, updated: 1 });
    const accounts = (await client.get('/api/accounts')).body.accounts as Array<{ name: string; tags: string[]; domains: string[] }>;
    expect(accounts.map((a) => [a.name, a.domains, a.tags])).toEqual([
      ['Globex', ['globex.test'], ['prospect', 'EMEA']],
      ['Initech', ['initech.test'], ['customer']],
    ]);

    // Contacts, with a mapping chosen by hand and rows that cannot go in.
    const contactsCsv = [
      'Full name,E-mail,Org,Phone',
      'Peter Gibbons,PETER@initech.test,Initech,+1 555 0100',
      'Hank Scorpio,hank@globex.test; ceo@globex.test,globex.test,',
      'Nobody,not-an-address,,',
      'Milton,milton@initech.test,Initech Basement Inc,',
      'Hank Again,hank@globex.test,,',
    ].join('\n');
    const mapping = encodeURIComponent(JSON.stringify({ name: 'Full name', email: 'E-mail', account: 'Org', phone: 'Phone' }));
    const imported = JSON.parse((await postCsv(client, `/api/csv/contacts/import?mapping=${mapping}`, contactsCsv)).text);
    expect(imported.created).toBe(1);
    expect(imported.updated).toBe(1);
    expect(imported.refused).toEqual([
      { row: 4, column: 'E-mail', reason: 'email: must be an email address (not-an-address)' },
      { row: 5, column: 'Org', reason: 'no account named "Initech Basement Inc" (import accounts first, or leave this column out)' },
      { row: 6, column: 'E-mail', reason: 'the same email as row 3' },
    ]);
    const contacts = (await client.get('/api/contacts')).body.contacts as Array<{
      name: string;
      emails: string[];
      phone: string;
      title: string;
      accountName: string | null;
    }>;
    expect(contacts.find((c) => c.name === 'Peter Gibbons')).toMatchObject({ phone: '+1 555 0100', title: 'Engineer', accountName: 'Initech' });
    expect(contacts.find((c) => c.name === 'Hank Scorpio')).toMatchObject({ emails: ['hank@globex.test', 'ceo@globex.test'], accountName: 'Globex' });

    const exported = await (await fetch(`${url}/api/contacts.csv`, { headers: { cookie: client.cookie } })).text();
    expect(exported).toContain('Hank Scorpio,hank@globex.test; ceo@globex.test,,,Globex,,,');
    expect(exported).toContain(`Peter Gibbons,peter@initech.test,Engineer,'+1 555 0100,Initech`);
    expect(await (await fetch(`${url}/api/accounts.csv`, { headers: { cookie: client.cookie } })).text()).toContain('Globex,globex.test,,prospect; EMEA,');

    // A mapping to a column the file lacks, or without the required name: refused as a whole, nothing written.
    const bad = JSON.parse(
      (await postCsv(client, `/api/csv/contacts/import?mapping=${encodeURIComponent(JSON.stringify({ email: 'Mail' }))}`, contactsCsv)).text,
    );
    expect(bad.refused.map((r: { reason: string }) => r.reason)).toEqual([
      'no column "Mail" in the file (mapped to email)',
      'map a column to Name: it is required',
    ]);
    expect(bad.created + bad.updated).toBe(0);
  });

  it('[issue 16.2] cases: Excel dates and amounts, owners by email, progress as NDJSON; exports neutralise formulas and show only what the reader may see', async () => {
    const owner = await signUp(url);
    const member = await inviteMember(url, owner.client);
    const csv = [
      'Deal name,Amount,Close date,Owner,Stage,Type',
      `Big renewal,"$12,500.00",12/31/2026,${member.email},proposal,deal`,
      '=HYPERLINK("http://evil.test"),1.234,31.12.2026,,,support',
      'No date,100,someday,,,',
      `Unknown owner,,,stranger@example.test,,`,
    ].join('\r\n');
    const streamed = await postCsv(owner.client, '/api/csv/cases/import', csv, 'application/x-ndjson');
    expect(streamed.type).toContain('application/x-ndjson');
    const lines = streamed.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-2)).toEqual({ progress: { done: 2, total: 2 } });
    expect(lines.at(-1).result).toMatchObject({ created: 2, updated: 0 });
    expect(lines.at(-1).result.refused).toEqual([
      { row: 4, column: 'Close date', reason: 'close date: "someday" is not a date (2026-12-31, 12/31/2026 or 31.12.2026)' },
      { row: 5, column: 'Owner', reason: 'owner: stranger@example.test is not a member of this workspace' },
    ]);
    const list = (await owner.client.get('/api/cases?sort=title&order=asc')).body.cases as Array<Record<string, unknown>>;
    expect(list.find((c) => c.title === 'Big renewal')).toMatchObject({ value: 12500, closeDate: '2026-12-31', ownerId: member.me.user.id, stage: 'proposal' });

    const exported = await fetch(`${url}/api/cases.csv`, { headers: { cookie: owner.client.cookie } });
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await exported.text();
    expect(text.split('\r\n')[0]).toBe('title,kind,stage,priority,account,value,currency,closeDate,owner,createdAt,id');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(text).toContain('Big renewal,deal,proposal');

    // A private case stays out of a member's export; guests get 404 on every CSV route.
    const secret = await createCase(owner.client, { title: 'Secret merger', private: true });
    expect(await (await fetch(`${url}/api/cases.csv`, { headers: { cookie: member.client.cookie } })).text()).not.toContain('Secret merger');
    const guest = await inviteGuest(url, owner.client, secret.id, 'viewer');
    for (const path of ['/api/cases.csv', '/api/contacts.csv', '/api/accounts.csv']) expect((await guest.client.get(path)).status).toBe(404);
    expect((await postCsv(guest.client, '/api/csv/contacts/preview', 'name\nx\n')).status).toBe(404);
    expect((await postCsv(owner.client, '/api/csv/widgets/preview', 'name\nx\n')).status).toBe(404);
    expect(JSON.parse((await postCsv(owner.client, '/api/csv/contacts/preview', '')).text).error.message).toMatch(/empty/);
  });

  it('[issue 16.2] a file saved by older Excel (Windows-1252) keeps its accents', async () => {
    const { client } = await signUp(url);
    const bytes = Uint8Array.from([...Buffer.from('name\n'), 0x4a, 0x6f, 0x73, 0xe9, 0x0a]); // "José" in Windows-1252
    expect(JSON.parse((await postCsv(client, '/api/csv/accounts/import', bytes)).text)).toMatchObject({ created: 1 });
    expect((await client.get('/api/accounts')).body.accounts[0].name).toBe('José');
  });
});
