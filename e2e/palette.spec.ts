import { test, expect, uniqueTag, createCase } from './fixtures';

test('[issue 17.7] Ctrl+K finds a case, a contact or a page and goes there, or runs an action; ? lists every shortcut', async ({ team, baseURL }) => {
  const { a } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Wayne pilot ${tag}` });
  const contact = await a.context.request.post('/api/contacts', {
    data: { name: `Bruce ${tag}`, emails: [`bruce-${tag}@wayne.example`] },
    headers: { origin },
  });
  const contactId = ((await contact.json()) as { id: string }).id;

  await a.page.goto('/cases');
  // The app is up (its keys are listened to) once the list shows the new case.
  await expect(a.page.getByRole('link', { name: `Wayne pilot ${tag}` })).toBeVisible();
  const palette = a.page.getByRole('dialog', { name: 'Go to' });
  const find = palette.getByRole('combobox');

  // A case, by a word of its title.
  await a.page.keyboard.press('Control+k');
  await expect(find).toBeFocused();
  await find.fill(`Wayne pilot ${tag}`);
  await expect(palette.getByRole('option', { selected: true })).toContainText(`Wayne pilot ${tag}`);
  await find.press('Enter');
  await expect(a.page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(palette).toBeHidden();

  // A contact: ↓ past nothing else, Enter.
  await a.page.keyboard.press('Control+k');
  await find.fill(`Bruce ${tag}`);
  await expect(palette.getByRole('option', { name: new RegExp(`Bruce ${tag}`) })).toBeVisible();
  await find.press('Enter');
  await expect(a.page).toHaveURL(new RegExp(`/contacts/${contactId}$`));

  // A page, and an action.
  await a.page.keyboard.press('Control+k');
  await find.fill('saved rep');
  await find.press('Enter');
  await expect(a.page).toHaveURL(/\/settings\/saved-replies$/);
  await a.page.keyboard.press('Control+k');
  await find.fill('new case');
  await find.press('Enter');
  await expect(a.page.getByRole('dialog', { name: 'New case' })).toBeVisible();
  await a.page.keyboard.press('Escape');

  // Nothing found says so; Escape closes.
  await a.page.keyboard.press('Control+k');
  await find.fill(`zzz-${tag}`);
  await expect(palette.getByRole('status')).toHaveText(`Nothing matches “zzz-${tag}”.`);
  await a.page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  // ? outside a text field: the shortcut sheet.
  await a.page.locator('body').click();
  await a.page.keyboard.press('?');
  await expect(a.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Insert a saved reply');
});
