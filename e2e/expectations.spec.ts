import type { Page } from '@playwright/test';
import { test, expect, uniqueTag } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';
import { ExpectationsPage, PromisesPanel } from './pages/PromisesPages';

const sentence = 'You will send us the revised quote by Friday.';

/** A small plain-text customer email, as it would arrive by SMTP. */
function rawEmail(tag: string): string {
  return [
    'From: Dana Scully <dana@globex.example>',
    'To: sales@acme.example',
    `Subject: Renewal timeline ${tag}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${tag}@globex.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hi team,',
    '',
    `Thanks for the call today. ${sentence} We also need the SSO setup confirmed.`,
    '',
    'Dana',
    '',
  ].join('\r\n');
}

/** Selects `text` inside the email body shown in the viewer, as a person dragging over it would. */
async function selectInEmail(page: Page, text: string): Promise<void> {
  await page
    .getByRole('dialog')
    .locator('.email__text')
    .first()
    .evaluate((el, wanted) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(wanted) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        return;
      }
      throw new Error(`"${wanted}" is not in the email`);
    }, text);
}

test('a sentence of an email becomes a promise; a colleague sees it in the case and the workspace view, and it turns missed live', async ({
  team,
  baseURL,
}) => {
  // The promise is due ~25 s after it is made; the e2e server ticks every second.
  test.setTimeout(150_000);
  const { a, b } = team;
  const tag = uniqueTag();
  const listA = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  const streamA = new ActivityPanel(a.page);
  const promisesA = new PromisesPanel(a.page);
  const promisesB = new PromisesPanel(b.page);

  await listA.goto();
  const caseId = await listA.createCase(`Globex renewal ${tag}`);
  await caseA.waitUntilLive();
  await expect(promisesA.panel.getByText('No promises yet.')).toBeVisible();

  // The customer's email arrives on the case.
  const ingest = await a.context.request.post(`/api/cases/${encodeURIComponent(caseId)}/emails`, {
    data: Buffer.from(rawEmail(tag)),
    headers: { origin: baseURL ?? '', 'content-type': 'message/rfc822' },
  });
  expect(ingest.status(), await ingest.text()).toBe(201);

  await caseB.goto(caseId);

  // A opens the email, selects the sentence and makes a promise of it, owned by B.
  await streamA.open(`Renewal timeline ${tag}`);
  await expect(streamA.viewer.locator('.email__text')).toContainText(sentence);
  await selectInEmail(a.page, sentence);
  await a.page.getByRole('button', { name: 'Make a promise of this' }).click();
  await expect(promisesA.form).toBeVisible();
  await expect(promisesA.form.getByLabel('What was promised')).toHaveValue(sentence);
  await promisesA.form.getByLabel('Promised to').fill('Dana Scully');
  await promisesA.form.getByLabel('Owner').selectOption({ label: b.person.name });
  await promisesA.setDueIn(25);
  await a.page.screenshot({ path: 'e2e/artifacts/expectations-a-form.png' });
  await promisesA.form.getByRole('button', { name: 'Save promise' }).click();
  await expect(promisesA.form).toBeHidden();
  await streamA.closeViewer();

  // Both see it on the case, live, with who owes it to whom.
  await expect(promisesA.item(sentence)).toBeVisible();
  await expect(promisesB.item(sentence)).toBeVisible();
  await expect(promisesB.item(sentence)).toContainText('To Dana Scully');
  await expect(promisesB.item(sentence)).toContainText(b.person.name);
  await expect(promisesB.status(sentence)).toHaveText(/^(Open|At risk)$/);
  // It is linked to the email it came from.
  await expect(promisesB.item(sentence).getByRole('link', { name: /^Source of/ })).toBeVisible();
  await b.page.screenshot({ path: 'e2e/artifacts/expectations-b-case-open.png', fullPage: true });

  // B also watches the workspace view in a second tab.
  const workspaceB = await b.context.newPage();
  const viewB = new ExpectationsPage(workspaceB);
  await workspaceB.goto('/cases');
  await viewB.goto();
  await expect(viewB.row(sentence)).toBeVisible();
  await expect(viewB.row(sentence).getByRole('link', { name: `Globex renewal ${tag}` })).toBeVisible();
  await viewB.view('All');
  await expect(viewB.row(sentence)).toContainText(/Open|At risk/);
  await workspaceB.screenshot({ path: 'e2e/artifacts/expectations-b-workspace-open.png', fullPage: true });

  // The due time passes: missed everywhere, with no reload.
  await expect(promisesB.status(sentence)).toHaveText('Missed', { timeout: 60_000 });
  await expect(promisesA.status(sentence)).toHaveText('Missed');
  await expect(viewB.row(sentence).locator('[data-status]')).toHaveText('Missed', { timeout: 30_000 });
  await viewB.view('Missed');
  await expect(viewB.row(sentence)).toBeVisible();
  await expect(viewB.page.getByTestId('kept-rate-overall')).toContainText('0 of 1');
  await b.page.screenshot({ path: 'e2e/artifacts/expectations-b-case-missed.png', fullPage: true });
  await workspaceB.screenshot({ path: 'e2e/artifacts/expectations-b-workspace-missed.png', fullPage: true });

  // B, the owner, is notified; the bell shows it (it asks again when the window gets focus back).
  await workspaceB.evaluate(() => window.dispatchEvent(new Event('focus')));
  const bell = workspaceB.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible({ timeout: 30_000 });
  await bell.click();
  const inbox = workspaceB.getByRole('region', { name: 'Notifications' });
  await expect(inbox.getByRole('button', { name: new RegExp(sentence.replace('.', '\\.')) }).first()).toBeVisible();
  await workspaceB.screenshot({ path: 'e2e/artifacts/expectations-b-notifications.png' });
  await inbox.getByRole('button', { name: 'Mark all read' }).click();
  await expect(workspaceB.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  // Nothing was reloaded: the case tabs are the same pages, still live.
  await expect(caseB.connection).toHaveText('Live');
});
