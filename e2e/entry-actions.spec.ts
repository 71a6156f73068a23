import type { APIRequestContext } from '@playwright/test';
import { test, expect, uniqueTag, createCase } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';

async function call(request: APIRequestContext, baseURL: string, method: 'post' | 'delete', path: string, data?: unknown): Promise<Record<string, string>> {
  const res = await request[method](path, { ...(data === undefined ? {} : { data }), headers: { origin: baseURL } });
  expect(res.ok(), `${method} ${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Record<string, string>;
}

test("[issue 21.8] the author deletes a stray note from its row menu and undoes it; edits it; an owner deletes anyone's entry; others see it go and come back live", async ({
  team,
  baseURL,
}) => {
  const { a, b } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Wayne deal ${tag}` });
  await call(a.context.request, origin, 'post', `/api/cases/${caseId}/notes`, { text: `Alice's call notes ${tag}` });
  await call(b.context.request, origin, 'post', `/api/cases/${caseId}/notes`, { text: `Stray note ${tag}` });

  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  const streamA = new ActivityPanel(a.page);
  const streamB = new ActivityPanel(b.page);
  await caseA.goto(caseId);
  await caseB.goto(caseId);
  const strayB = streamB.entry(`Stray note ${tag}`);
  await expect(strayB).toBeVisible();

  // Bob may not touch Alice's note: no menu on it.
  await expect(streamB.entry(`Alice's call notes ${tag}`).getByRole('button', { name: 'Entry actions' })).toHaveCount(0);

  // Keyboard: open his row's menu, pick Delete.
  await strayB.getByRole('button', { name: 'Entry actions' }).focus();
  await b.page.keyboard.press('Enter');
  const menu = b.page.getByRole('menu', { name: 'Entry actions' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Edit', 'Delete']);
  await b.page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await b.page.screenshot({ path: 'e2e/artifacts/entry-actions-menu.png' });
  await b.page.keyboard.press('Enter');

  // Gone for both, live; Bob is offered Undo.
  await expect(strayB).toHaveCount(0);
  await expect(streamA.entry(`Stray note ${tag}`)).toHaveCount(0);
  const toast = streamB.panel.getByRole('status').filter({ hasText: 'Note deleted.' });
  await expect(toast).toBeVisible();
  await b.page.screenshot({ path: 'e2e/artifacts/entry-actions-undo.png' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(strayB).toBeVisible();
  await expect(streamA.entry(`Stray note ${tag}`)).toBeVisible();
  await expect(toast).toHaveCount(0);

  // Edit opens the note with the caret in it; the change reaches Alice.
  await strayB.getByRole('button', { name: 'Entry actions' }).click();
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  const editor = streamB.viewer.getByRole('textbox', { name: 'Note text' });
  await expect(editor).toBeFocused();
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.type(' (fixed)');
  await expect(streamA.entry(`Stray note ${tag} (fixed)`)).toBeVisible();
  await streamB.closeViewer();

  // Alice, the owner, may delete Bob's note but not rewrite it.
  const strayA = streamA.entry(`Stray note ${tag} (fixed)`);
  await strayA.getByRole('button', { name: 'Entry actions' }).click();
  const menuA = a.page.getByRole('menu', { name: 'Entry actions' });
  await expect(menuA.getByRole('menuitem')).toHaveText(['Delete']);
  await menuA.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(strayA).toHaveCount(0);
  await expect(streamB.entry(`Stray note ${tag}`)).toHaveCount(0);

  // After a reload it is still gone.
  await b.page.reload();
  await expect(streamB.entry(`Alice's call notes ${tag}`)).toBeVisible();
  await expect(streamB.entry(`Stray note ${tag}`)).toHaveCount(0);
});

test('[issue 21.1][issue 21.12] a reply that was never sent says so in the stream and answers nothing; a promise line is called a promise', async ({
  team,
  baseURL,
}) => {
  const { a } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Stark support ${tag}`, kind: 'support' });
  const raw = `From: Pepper <pepper@stark.example>\r\nTo: help@us.example\r\nSubject: Badge reader down ${tag}\r\nMessage-ID: <badge-${tag}@stark.example>\r\n\r\nThe badge reader is down.\r\n`;
  const posted = await a.context.request.post(`/api/cases/${caseId}/emails`, { data: raw, headers: { origin, 'content-type': 'message/rfc822' } });
  expect(posted.status(), await posted.text()).toBe(201);
  const { emailId } = (await posted.json()) as { emailId: string };
  // The e2e server has no SMTP_URL: this reply can never leave.
  await call(a.context.request, origin, 'post', `/api/emails/${emailId}/reply`, { text: `On it ${tag}` });
  await call(a.context.request, origin, 'post', `/api/cases/${caseId}/expectations`, {
    text: `Replace the reader ${tag}`,
    dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });

  const stream = new ActivityPanel(a.page);
  await new CasePage(a.page).goto(caseId);
  const replies = stream.entries().filter({ hasText: `Re: Badge reader down ${tag}` });
  await expect(replies).toHaveCount(1);
  await expect(replies).toContainText('Email not sent');
  await expect(replies).toContainText('Not sent');
  await expect(replies).not.toContainText('Email sent');
  const question = stream.entries().filter({ hasText: `Badge reader down ${tag} — Pepper` });
  await expect(question).toContainText('Answer due in');
  await expect(question).not.toContainText('Answered');
  const promise = stream.entry(`Replace the reader ${tag}`);
  await expect(promise.locator('.activity-row__kind')).toHaveText('Promise');
  await a.page.screenshot({ path: 'e2e/artifacts/entry-actions-unsent-reply.png', fullPage: true });
});
