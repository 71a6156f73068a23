import type { Page } from '@playwright/test';
import { test, expect, makePerson } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';

test('[issue 21.3] Tab accepts a mention and the words typed after it stay in the note; no stray entry', async ({ team }) => {
  const { a, b } = team;
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);

  await list.goto();
  await list.createCase('Mention with Tab');
  await casePage.waitUntilLive();

  const editor = await stream.newNote('Log call');
  await a.page.keyboard.type('Ask @Bo');
  const suggestions = a.page.getByRole('listbox', { name: 'Mention a teammate' });
  await expect(suggestions.getByRole('option', { name: new RegExp(b.person.name) })).toBeVisible();
  await a.page.keyboard.press('Tab');
  await a.page.keyboard.type(' more words here');

  await expect(editor).toBeFocused();
  await expect(editor.locator('.mention')).toHaveText(`@${b.person.name}`);
  await expect(editor).toContainText(`Ask @${b.person.name} more words here`);
  await expect(stream.viewer).toBeVisible();
  await a.page.screenshot({ path: 'e2e/artifacts/mentions-tab-accepts.png' });

  await stream.closeViewer();
  await expect(stream.entry(`Ask @${b.person.name} more words here`)).toBeVisible();
  // The call is the only entry: no Space pressed "Log call" behind the drawer.
  await expect(stream.entries()).toHaveCount(1);
});

/** Opens the bell and clicks the notification that says `text`. */
async function openNotification(page: Page, text: string | RegExp): Promise<void> {
  // The bell asks again when the window gets focus back; no waiting for the slow poll.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(async () => {
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(bell).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await bell.click();
  const inbox = page.getByRole('region', { name: 'Notifications' });
  await inbox.getByRole('button', { name: text }).first().click();
}

test('[issue 21.11] a mention in a call says "a call", and its notification opens that call', async ({ team }) => {
  const { a, b } = team;
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);

  await list.goto();
  const caseId = await list.createCase('Mention in a call');
  await casePage.waitUntilLive();
  const editor = await stream.newNote('Log call');
  await a.page.keyboard.type('Customer asked for a demo, @Bo');
  await expect(a.page.getByRole('listbox', { name: 'Mention a teammate' }).getByRole('option', { name: new RegExp(b.person.name) })).toBeVisible();
  await a.page.keyboard.press('Enter');
  await a.page.keyboard.type(' can you run it?');
  await expect(editor).toContainText(`@${b.person.name} can you run it?`);
  await stream.closeViewer();
  // A second entry, newer, so the call is not simply the first row.
  await stream.newNote('New note');
  await a.page.keyboard.type('Unrelated note');
  await stream.closeViewer();

  // Bob is elsewhere; the notification names a call and takes him into it.
  await b.page.goto('/cases');
  await openNotification(b.page, `${a.person.name} mentioned you in a call on "Mention in a call"`);
  await expect(b.page).toHaveURL(new RegExp(`/cases/${caseId}`));
  const viewer = b.page.getByRole('dialog', { name: 'Call' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('textbox', { name: 'Call text' })).toContainText('can you run it?');
  await b.page.screenshot({ path: 'e2e/artifacts/mentions-notification-opens-call.png' });
  // Closing it leaves Bob on that entry in the stream.
  await b.page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  const row = new ActivityPanel(b.page).feed.locator('.activity-row--highlight');
  await expect(row).toContainText('can you run it?');
  await expect(row.getByRole('button', { name: /can you run it\?/ })).toBeFocused();
});

test('[issue 21.9] a guest @mentions a team member on their case (only the people on it are offered), who is notified', async ({ team, browser, baseURL }) => {
  const { a, b } = team;
  const guest = makePerson('Gina');
  // Bob runs the case; Alice is in the workspace but not on this case's team.
  const list = new CaseListPage(b.page);
  await list.goto();
  const caseId = await list.createCase('Guest mentions');
  const invite = await b.context.request.post('/api/invites', {
    data: { email: guest.email, role: 'guest', caseId, access: 'editor' },
    headers: { origin: baseURL ?? '' },
  });
  expect(invite.status(), await invite.text()).toBe(201);
  const { token } = (await invite.json()) as { token: string };
  const guestContext = await browser.newContext({ baseURL });
  const accepted = await guestContext.request.post(`/api/invites/${token}/accept`, {
    data: { name: guest.name, password: guest.password },
    headers: { origin: baseURL ?? '' },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);

  const guestPage = await guestContext.newPage();
  const guestCase = new CasePage(guestPage);
  const guestStream = new ActivityPanel(guestPage);
  await guestCase.goto(caseId);
  const editor = await guestStream.newNote();
  await guestPage.keyboard.type('Thanks @');
  const suggestions = guestPage.getByRole('listbox', { name: 'Mention a teammate' });
  await expect(suggestions.getByRole('option', { name: new RegExp(b.person.name) })).toBeVisible();
  // Only the people on the case: not the rest of the workspace.
  await expect(suggestions.getByRole('option', { name: new RegExp(a.person.name) })).toHaveCount(0);
  await guestPage.keyboard.type('Bo');
  await guestPage.keyboard.press('Enter');
  await guestPage.keyboard.type(' for the pilot plan.');
  await expect(editor.locator('.mention')).toHaveText(`@${b.person.name}`);
  await guestPage.screenshot({ path: 'e2e/artifacts/mentions-guest-mentions-team.png' });
  await guestStream.closeViewer();

  await b.page.goto('/cases');
  await openNotification(b.page, `${guest.name} mentioned you in a note on "Guest mentions"`);
  const viewer = b.page.getByRole('dialog', { name: 'Note' });
  await expect(viewer.getByRole('textbox', { name: 'Note text' })).toContainText('for the pilot plan.');
  await guestContext.close();
});
