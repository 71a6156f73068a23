import { test, expect, uniqueTag } from './fixtures';
import { CasePage } from './pages/CasePage';
import { ContactsPages, StakeholderPanel } from './pages/ContactsPages';

test('an account and a contact are created, the contact is a decision maker on the stakeholder map, and a duplicate is merged', async ({ team }) => {
  const tag = uniqueTag();
  const { page } = team.a;
  const ui = new ContactsPages(page);
  const accountName = `Globex ${tag}`;

  await ui.createAccount(accountName, { domains: `globex-${tag}.example`, tags: 'EMEA' });
  await page.getByRole('button', { name: 'Add contact' }).click();
  await ui.fillContact('Dana Scully', `dana@globex-${tag}.example`, { title: 'CFO', tags: 'EMEA' });
  await expect(page.getByRole('list', { name: 'Contacts at this account' }).getByRole('link', { name: 'Dana Scully' })).toBeVisible();

  // The duplicate, typed in by someone else from another address.
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  await ui.fillContact('D. Scully', `dscully-${tag}@mail.example`);
  await expect(page.getByTestId('contact-name')).toHaveText('D. Scully');

  // A case for the account: it shows on the account page.
  const caseId = await page.evaluate(
    async (body) => {
      const res = await fetch('/api/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`create case answered ${res.status}`);
      return ((await res.json()) as { id: string }).id;
    },
    { title: `Globex renewal ${tag}`, kind: 'deal', account: accountName },
  );

  // Mail from the duplicate's address, filed on the case: after the merge it is in Dana's history.
  // (Sent from the page: the browser retries a request whose idle keep-alive socket the server just closed.)
  const raw = [
    `From: D Scully <dscully-${tag}@mail.example>`,
    'To: sales@acme.example',
    `Subject: Budget sign-off ${tag}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <budget-${tag}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The budget is approved.',
    '',
  ].join('\r\n');
  const mailed = await page.evaluate(
    async ({ id, message }) =>
      (await fetch(`/api/cases/${id}/emails`, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: message })).status,
    { id: caseId, message: raw },
  );
  expect(mailed).toBe(201);

  const casePage = new CasePage(page);
  await casePage.goto(caseId);
  const map = new StakeholderPanel(page);
  await expect(map.panel.getByText('No stakeholders yet.')).toBeVisible();
  await map.addContact('Scully', 'Dana Scully', 'Decision maker', '5 — decisive');
  const deciders = map.group('Decision maker');
  await expect(deciders.getByRole('link', { name: 'Dana Scully' })).toBeVisible();
  await expect(deciders.getByRole('img', { name: 'Influence 5 of 5' })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/contacts-stakeholder-map.png', fullPage: true });

  // A colleague sees the same map, after a reload too.
  const bobCase = new CasePage(team.b.page);
  await bobCase.goto(caseId);
  await expect(new StakeholderPanel(team.b.page).group('Decision maker').getByRole('link', { name: 'Dana Scully' })).toBeVisible();
  await page.reload();
  await casePage.waitUntilLive();
  await expect(map.group('Decision maker').getByRole('link', { name: 'Dana Scully' })).toBeVisible();

  // Change the influence in place.
  await map.panel.getByRole('button', { name: 'Change role or influence of Dana Scully' }).click();
  const edit = map.panel.getByRole('form', { name: 'Change Dana Scully' });
  await edit.getByLabel('Influence').selectOption({ label: '4' });
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(map.group('Decision maker').getByRole('img', { name: 'Influence 4 of 5' })).toBeVisible();

  // Merge the duplicate into Dana from her page.
  await map.group('Decision maker').getByRole('link', { name: 'Dana Scully' }).click();
  await expect(page.getByTestId('contact-name')).toHaveText('Dana Scully');
  await expect(page.getByRole('list', { name: 'Email addresses' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Merge a duplicate…' }).click();
  const pick = ui.dialog('Merge a duplicate into Dana Scully');
  await pick.getByLabel('Find the duplicate contact').fill('Scully');
  await pick.getByRole('radio', { name: /D\. Scully/ }).check();
  await pick.getByRole('button', { name: 'Continue' }).click();
  const confirm = ui.dialog('Merge D. Scully into Dana Scully?');
  await confirm.getByRole('button', { name: 'Merge' }).click();
  await expect(confirm).toHaveCount(0);
  const addresses = page.getByRole('list', { name: 'Email addresses' });
  await expect(addresses.getByRole('listitem')).toHaveCount(2);
  await expect(addresses).toContainText(`dscully-${tag}@mail.example`);
  await page.screenshot({ path: 'e2e/artifacts/contacts-contact-page.png', fullPage: true });
  await expect(page.getByRole('list', { name: 'Emails, newest first' }).getByRole('link', { name: `Budget sign-off ${tag}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Cases', exact: true }).getByRole('link', { name: `Globex renewal ${tag}` })).toBeVisible();

  // One Dana left in the list; the EMEA tag chip and a saved filter find her.
  await page.goto('/contacts?q=Scully');
  await expect(ui.contactRows()).toHaveCount(1);
  await page.getByRole('button', { name: 'Save current filter' }).click();
  await page.getByLabel('Name of the saved filter').fill('Scullys');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole('region', { name: 'Saved filters' }).getByRole('button', { name: 'Scullys', exact: true }).click();
  await expect(page).toHaveURL(/q=Scully/);
  await expect(ui.contactRows()).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: 'EMEA' }).click();
  await expect(page).toHaveURL(/tag=EMEA/);
  await expect(ui.contactRows()).toHaveCount(1);

  // The account page lists the case that names it.
  await page.goto('/accounts');
  await page.getByRole('link', { name: accountName }).click();
  await expect(page.getByRole('list', { name: 'Cases for this account' }).getByRole('link', { name: `Globex renewal ${tag}` })).toBeVisible();
  await page.getByRole('link', { name: 'Open in Contacts' }).click();
  await expect(page).toHaveURL(/accountId=/);
  await expect(page.getByText('At account:')).toBeVisible();
  await expect(page.locator('.chip--on', { hasText: accountName })).toBeVisible();
  await expect(ui.contactRows()).toHaveCount(1);
});
