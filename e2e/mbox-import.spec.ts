import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';

/** An mbox of `n` small messages, each with its own Message-ID. */
function writeMbox(n: number): string {
  const tag = Date.now().toString(36);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(
      [
        `From sender@customer.test Mon Jan  6 10:00:00 2025`,
        'From: Sender <sender@customer.test>',
        'To: team@casehub.test',
        `Subject: Archive message ${i}`,
        'Date: Mon, 6 Jan 2025 10:00:00 +0000',
        `Message-ID: <e2e-${i}.${tag}@customer.test>`,
        '',
        `Old message number ${i}.`,
        '',
      ].join('\n'),
    );
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'casehub-e2e-')), 'archive.mbox');
  writeFileSync(file, parts.join('\n'));
  return file;
}

test('[issue 20.9] a large mbox imports as a job: progress, Cancel, Resume, and it shows again after a reload', async ({ team }) => {
  test.setTimeout(300_000);
  const { a } = team;
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);
  await list.goto();
  const caseId = await list.createCase('Archive import', 'support');
  await casePage.waitUntilLive();

  // Large enough to be cancelled mid-way: it takes several seconds even on a fast machine.
  const total = 600;
  await stream.dropFiles([writeMbox(total)]);
  const row = stream.uploads.getByRole('listitem', { name: 'Upload archive.mbox' });
  // The server took the upload as a job: a bar of messages done, counting up.
  await expect(row.getByRole('progressbar', { name: 'Importing archive.mbox' })).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('status')).toContainText(/Importing… [1-9][\d,]* of 600 messages/, { timeout: 60_000 });
  await a.page.screenshot({ path: 'e2e/artifacts/mbox-import-progress.png' });

  await row.getByRole('button', { name: 'Cancel import of archive.mbox' }).click();
  await expect(row).toContainText(/Import cancelled after [\d,]+ of 600 messages; what was imported stays/);
  await a.page.screenshot({ path: 'e2e/artifacts/mbox-import-cancelled.png' });
  await row.getByRole('button', { name: 'Resume import of archive.mbox' }).click();
  await expect(row.getByRole('progressbar', { name: 'Importing archive.mbox' })).toBeVisible();

  // The import goes on without the page: after a reload, the case shows it running.
  await a.page.reload();
  await casePage.waitUntilLive();
  const again = stream.uploads.getByRole('listitem', { name: 'Upload archive.mbox' });
  await expect(again.getByRole('progressbar', { name: 'Importing archive.mbox' })).toBeVisible({ timeout: 30_000 });
  await expect(again.getByRole('button', { name: 'Cancel import of archive.mbox' })).toBeVisible();

  // It ends with the summary: every message in, none twice.
  await expect(again.getByRole('status')).toContainText(`${total} emails imported.`, { timeout: 180_000 });
  await a.page.screenshot({ path: 'e2e/artifacts/mbox-import-done.png' });
  await expect(stream.feed.locator('article[data-kind="email"]').filter({ hasText: 'Archive message' }).first()).toBeVisible();
  expect(caseId).toBeTruthy();
});
