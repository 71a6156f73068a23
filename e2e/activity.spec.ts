import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, caseOpenForBoth } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { SearchPage } from './pages/SearchPage';

const corpus = fileURLToPath(new URL('../fixtures/corpus/email', import.meta.url));

/** Failed API calls end up in the test output, so a flaky failure says what the server answered. */
function logApiFailures(page: Page, who: string): void {
  page.on('response', (res) => {
    if (res.url().includes('/api/') && res.status() >= 500) console.log(`[${who}] ${res.request().method()} ${res.url()} -> ${res.status()}`);
  });
  page.on('requestfailed', (req) => {
    if (req.url().includes('/api/')) console.log(`[${who}] ${req.method()} ${req.url()} failed: ${req.failure()?.errorText ?? ''}`);
  });
}

test('a note written by one person appears live for another, who co-edits it', async ({ team }) => {
  const { a, b } = team;
  const streamA = new ActivityPanel(a.page);
  const streamB = new ActivityPanel(b.page);
  logApiFailures(a.page, 'A');
  logApiFailures(b.page, 'B');
  await caseOpenForBoth(team, 'Initech onboarding', 'support');
  await expect(streamB.panel.getByText('Nothing here yet.')).toBeVisible();

  // A writes a note; B sees the entry (and its summary) without reloading.
  const editorA = await streamA.newNote();
  await a.page.keyboard.type('Customer wants SSO before go-live.');
  await expect(streamB.entry('Customer wants SSO before go-live.')).toBeVisible();
  await expect(streamB.entry('Customer wants SSO before go-live.')).toContainText(a.person.name);

  // B opens the same note and adds to it while A still has it open: both see both texts, and each other's caret.
  await streamB.open('Customer wants SSO before go-live.');
  const editorB = streamB.viewer.getByRole('textbox', { name: 'Note text' });
  await expect(editorB).toContainText('Customer wants SSO before go-live.');
  await editorB.click();
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.type(' Bob: SAML metadata sent on Friday.');
  await expect(editorA).toContainText('Bob: SAML metadata sent on Friday.');
  await expect(a.page.locator('.collaboration-carets__label', { hasText: b.person.name })).toBeVisible();

  // The summary follows the body for everyone.
  await expect(streamA.entry('SAML metadata sent on Friday.')).toBeVisible();
  await a.page.screenshot({ path: 'e2e/artifacts/activity-note-a-coediting.png' });
  await b.page.screenshot({ path: 'e2e/artifacts/activity-note-b-coediting.png' });

  // Mentions: typing @ offers the workspace members.
  await b.page.keyboard.type(' Ask @Ali');
  const suggestions = b.page.getByRole('listbox', { name: 'Mention a teammate' });
  await expect(suggestions.getByRole('option', { name: new RegExp(a.person.name) })).toBeVisible();
  await b.page.keyboard.press('Enter');
  await expect(editorA.locator('.mention')).toHaveText(`@${a.person.name}`);

  await streamB.closeViewer();
  await streamA.closeViewer();
  await expect(streamB.entry(`@${a.person.name}`)).toBeVisible();

  // Filters: by kind and by person.
  await streamB.kindFilter.selectOption('call');
  await expect(streamB.panel.getByText('No entries match these filters.')).toBeVisible();
  await streamB.kindFilter.selectOption('');
  await streamB.personFilter.selectOption({ label: a.person.name });
  await expect(streamB.entries()).toHaveCount(1);
});

test('an email with a PDF dropped by one person: the other sees it live, previews the PDF and finds it by its text', async ({ team }) => {
  const { a, b } = team;
  const streamA = new ActivityPanel(a.page);
  const streamB = new ActivityPanel(b.page);
  logApiFailures(a.page, 'A');
  logApiFailures(b.page, 'B');
  const { caseB } = await caseOpenForBoth(team, 'Umbrella contract review', 'deal');

  // A drops the .eml (it carries test.pdf, whose only text is "Test.").
  await streamA.dropFiles([`${corpus}/flanker-attached-pdf.eml`]);
  const upload = streamA.uploads.getByRole('listitem', { name: 'Upload flanker-attached-pdf.eml' });
  await expect(upload).toContainText('1 email imported');
  await a.page.screenshot({ path: 'e2e/artifacts/activity-email-a-after-drop.png' });

  // B, who never reloads, sees the email appear, with the PDF it carried as a file on it.
  const emailEntry = streamB.feed.locator('article[data-kind="email"]').filter({ hasText: 'test message via curl' });
  await expect(emailEntry).toBeVisible();
  const attachment = emailEntry.getByRole('list', { name: 'Attached files' }).getByRole('button', { name: 'test.pdf' });
  await expect(attachment).toBeVisible();
  await caseB.screenshot('e2e/artifacts/activity-email-b-live.png');

  // The email opens as a conversation: headers, the body, the attachment listed.
  await streamB.open('test message via curl');
  await expect(streamB.viewer.getByRole('heading', { name: /test message via curl/ })).toBeVisible();
  await expect(streamB.viewer.getByText('Test - body content')).toBeVisible();
  await expect(streamB.viewer.getByRole('list', { name: 'Attachments' })).toContainText('test.pdf');
  await b.page.screenshot({ path: 'e2e/artifacts/activity-email-b-conversation.png' });

  // This message has no From: the reply has nobody to go to and says so, and what B typed stays in the box.
  await streamB.viewer.getByRole('button', { name: 'Reply', exact: true }).click();
  const reply = streamB.viewer.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Thanks, we have the PDF.');
  await streamB.viewer.getByRole('button', { name: 'Send reply' }).click();
  await expect(streamB.viewer.getByRole('form', { name: 'Reply' }).getByRole('alert')).toContainText('Who is it to?');
  await expect(reply).toHaveText('Thanks, we have the PDF.');

  // From there B opens the PDF: page 1 of 1 is drawn on a canvas.
  await streamB.viewer.getByRole('list', { name: 'Attachments' }).getByRole('button', { name: 'test.pdf' }).click();
  await expect(streamB.viewer.getByTestId('file-name')).toHaveText('test.pdf');
  const canvas = streamB.viewer.getByRole('img', { name: 'Page 1 of 1' });
  await expect(canvas).toHaveAttribute('data-rendered', 'true');
  const inked = await canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark++;
    return dark;
  });
  expect(inked, 'the page has its text drawn on the canvas').toBeGreaterThan(0);
  // The text is extracted in the background; the viewer polls until it is done.
  await expect(streamB.viewer.getByTestId('file-text-status')).toContainText('Text extracted', { timeout: 30_000 });
  await b.page.screenshot({ path: 'e2e/artifacts/activity-pdf-preview-b.png' });
  await streamB.closeViewer();

  // B finds it by the PDF's only word ("Test.") in the header search, and the result leads back to the entry.
  const search = new SearchPage(b.page);
  const hit = search.hit('Umbrella contract review');
  await expect(async () => {
    await search.search('Test');
    await expect(hit).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(hit.locator('mark').first()).toHaveText(/^test$/i);
  await b.page.screenshot({ path: 'e2e/artifacts/activity-search-b.png' });
  await hit.getByRole('link').click();
  await caseB.waitUntilLive();
  // The hit opens its entry (issue 21.4); closed, the stream is left on it.
  await expect(streamB.viewer.getByRole('heading', { name: /test message via curl/ })).toBeVisible();
  await streamB.closeViewer();
  const highlighted = streamB.feed.locator('.activity-row--highlight');
  await expect(highlighted).toContainText('test message via curl');
  await expect(highlighted.getByRole('button').first()).toBeFocused();
  await caseB.screenshot('e2e/artifacts/activity-search-jump-b.png');
});

test('attachments: a file uploads with progress for everyone, and a too-large one is refused with a reason', async ({ team }) => {
  const { a, b } = team;
  const streamA = new ActivityPanel(a.page);
  const streamB = new ActivityPanel(b.page);
  logApiFailures(a.page, 'A');
  logApiFailures(b.page, 'B');
  await caseOpenForBoth(team, 'Hooli procurement', 'deal');

  // The e2e server allows 2 MB per upload (MAX_UPLOAD_MB in playwright.config.ts).
  await streamA.panel.getByLabel('Attach files or emails').setInputFiles([
    { name: 'pricing.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,price\nA-1,100\n') },
    { name: 'huge-scan.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3 * 1024 * 1024, 7) },
  ]);
  const ok = streamA.uploads.getByRole('listitem', { name: 'Upload pricing.csv' });
  const tooBig = streamA.uploads.getByRole('listitem', { name: 'Upload huge-scan.bin' });
  await expect(ok).toContainText('Added to the case.');
  await expect(tooBig.getByRole('alert')).toContainText('Too large');
  await a.page.screenshot({ path: 'e2e/artifacts/activity-uploads-a.png' });

  // B sees the file entry arrive and opens it: name, size, and why there is no text to search.
  const fileEntry = streamB.feed.locator('article[data-kind="file"]').filter({ hasText: 'pricing.csv' });
  await expect(fileEntry).toBeVisible();
  await expect(streamB.feed.locator('article').filter({ hasText: 'huge-scan.bin' })).toHaveCount(0);
  await streamB.open('pricing.csv');
  await expect(streamB.viewer.getByTestId('file-name')).toHaveText('pricing.csv');
  await expect(streamB.viewer.getByTestId('file-text-status')).toContainText('No text to extract');
  await expect(streamB.viewer.getByRole('link', { name: 'Download' })).toHaveAttribute('href', /\/api\/files\/.+\/content/);
  await streamB.closeViewer();

  // Keyboard: from an entry, arrows move and Enter opens; Escape closes and focus returns.
  await fileEntry.getByRole('button').first().focus();
  await b.page.keyboard.press('Enter');
  await expect(streamB.viewer).toBeVisible();
  await b.page.keyboard.press('Escape');
  await expect(streamB.viewer).toBeHidden();
  await expect(fileEntry.getByRole('button').first()).toBeFocused();
});
