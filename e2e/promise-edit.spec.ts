import { test, expect, uniqueTag, createCase } from './fixtures';
import { CasePage } from './pages/CasePage';
import { PromisesPanel } from './pages/PromisesPages';

test("a promise's text, due time and owner are edited from the Promises panel with the keyboard, seen live by a colleague, and undone", async ({
  team,
  baseURL,
}) => {
  const { a, b } = team;
  const tag = uniqueTag();
  const headers = { origin: baseURL ?? '' };
  const caseId = await createCase(a, { title: `Hooli rollout ${tag}` });
  const due = new Date(Date.now() + 3 * 86_400_000);
  const made = await a.context.request.post(`/api/cases/${caseId}/expectations`, {
    data: { text: 'Send the rollout plan', promisedTo: 'Gavin', dueAt: due.toISOString() },
    headers,
  });
  expect(made.status(), await made.text()).toBe(201);

  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  const promisesA = new PromisesPanel(a.page);
  const promisesB = new PromisesPanel(b.page);
  await caseA.goto(caseId);
  await caseB.goto(caseId);
  await expect(promisesB.item('Send the rollout plan')).toContainText(a.person.name);

  // Keyboard only: open Edit, change the text, the owner and the due day, save.
  await promisesA.openEdit('Send the rollout plan');
  const form = promisesA.editForm;
  await expect(form.getByLabel('What was promised')).toBeFocused();
  await a.page.keyboard.press('Control+A');
  await a.page.keyboard.type('Send the signed rollout plan');
  await form.getByLabel('Owner').selectOption({ label: b.person.name });
  const later = new Date(due.getTime() + 2 * 86_400_000);
  await promisesA.setDueIn((later.getTime() - Date.now()) / 1000, form);
  await form.getByRole('button', { name: 'Save changes' }).focus();
  await a.page.screenshot({ path: 'e2e/artifacts/promise-edit-form.png' });
  await a.page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  // Both see the new text, owner and due day live; focus went back to where it was.
  const edited = 'Send the signed rollout plan';
  await expect(promisesA.item(edited)).toBeVisible();
  await expect(promisesB.item(edited)).toContainText(b.person.name);
  await expect(promisesB.item(edited)).toContainText('To Gavin');
  const dueShown = await promisesB.item(edited).locator('time').getAttribute('datetime');
  expect(new Date(dueShown ?? '').toDateString()).toBe(later.toDateString());
  await expect(promisesA.item(edited).getByRole('button', { name: `Edit: ${edited}` })).toBeFocused();
  await expect(promisesA.panel.getByRole('status')).toContainText(`Promise updated: ${edited}.`);
  await b.page.screenshot({ path: 'e2e/artifacts/promise-edit-seen-by-b.png', fullPage: true });

  // The workspace view agrees (the projection was written with the change).
  const list = await b.context.request.get('/api/expectations?view=all');
  const rows = ((await list.json()) as { expectations: Array<{ text: string; ownerName: string | null }> }).expectations;
  expect(rows.find((r) => r.text === edited)?.ownerName).toBe(b.person.name);

  // Undo (keyboard) puts text, owner and due time back, for everyone.
  await promisesA.panel.getByRole('button', { name: 'Undo' }).focus();
  await a.page.keyboard.press('Enter');
  await expect(promisesA.item('Send the rollout plan')).toBeVisible();
  await expect(promisesB.item('Send the rollout plan')).toContainText(a.person.name);
  await expect(promisesB.item('Send the rollout plan').locator('time')).toHaveAttribute('datetime', due.toISOString());
  await expect(promisesA.panel.getByRole('button', { name: 'Undo' })).toHaveCount(0);

  // Still so after a reload.
  await b.page.reload();
  await caseB.waitUntilLive();
  await expect(promisesB.item('Send the rollout plan')).toContainText(a.person.name);
  await expect(promisesB.list.getByText(edited)).toHaveCount(0);
});
