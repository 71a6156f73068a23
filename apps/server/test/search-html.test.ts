import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/storage/db.js';
import { emails } from '../src/storage/schema.js';
import { emailCorpusDir } from './corpus.js';
import { backends, createCase, signUp, startTestServer, type Client, type TestEnv } from './helpers.js';

const postCorpus = async (client: Client, caseId: string, name: string) => {
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/emails`, {
    method: 'POST',
    body: await readFile(path.join(emailCorpusDir, name)),
    headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { emailId: string; activityId: string };
};

type Hit = { activityId: string; kind: string; snippet: string };
const search = async (client: Client, q: string, caseId: string): Promise<Hit[]> => {
  const res = await client.get(`/api/search?q=${encodeURIComponent(q)}&caseId=${caseId}`);
  expect(res.status).toBe(200);
  return res.body.results as Hit[];
};

/** Real mail whose words are only in HTML: two HTML-only messages, and one whose HTML part says more than its text part. */
const cases = [
  { file: 'enmime-html-only-apple-mail.eml', word: 'section' },
  { file: 'mailparser-spam-html-only.eml', word: 'Brücke' },
  { file: 'phpmimemailparser-mac-cyrillic.eml', word: 'organized' },
];

describe.each(backends)('[issue 21.5] words of HTML parts are searchable, on %s', (backend) => {
  let env: TestEnv;
  let client: Client;
  let caseId: string;
  const stored = new Map<string, { emailId: string; activityId: string }>();
  beforeAll(async () => {
    env = await startTestServer(backend);
    ({ client } = await signUp(env.server.url));
    caseId = (await createCase(client, { title: 'HTML mail' })).id;
    for (const c of cases) stored.set(c.file, await postCorpus(client, caseId, c.file));
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each(cases)('finds $file by "$word", a word only its HTML part has, with a highlighted snippet', async ({ file, word }) => {
    const email = stored.get(file);
    const hits = await search(client, word, caseId);
    expect(hits.map((h) => h.activityId)).toContain(email?.activityId);
    const hit = hits.find((h) => h.activityId === email?.activityId);
    expect(hit).toMatchObject({ kind: 'email' });
    expect(hit?.snippet.toLowerCase()).toContain(`<mark>${word.toLowerCase()}</mark>`);
    // The snippet is text: no markup of the message reaches it.
    expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it("mail stored before html_text existed is found after the migration's backfill", async () => {
    const db = env.server.database.db;
    const email = stored.get('mailparser-spam-html-only.eml');
    // As the row was before: no words of its HTML kept.
    await db
      .update(emails)
      .set({ htmlText: null })
      .where(eq(emails.id, email?.emailId ?? ''));
    expect(await search(client, 'Brücke', caseId)).toEqual([]);

    const migration = await readFile(`${migrationsFolder}/0006_hostile_clients.sql`, 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('UPDATE "emails" SET "html_text"'));
    expect(backfill).toBeDefined();
    await db.execute(sql.raw(backfill ?? ''));
    const hits = await search(client, 'Brücke', caseId);
    expect(hits.map((h) => h.activityId)).toEqual([email?.activityId]);
    const [row] = await db
      .select({ htmlText: emails.htmlText })
      .from(emails)
      .where(eq(emails.id, email?.emailId ?? ''));
    expect(row?.htmlText).not.toMatch(/<[a-z]|&nbsp;/);
  });
});
