import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { InviteDialog } from './pages/InvitePages';
import { AuditPage, MembersPage } from './pages/SettingsPages';

test('the members page: an owner changes a role, is stopped from leaving no owner, revokes an invite and removes a member', async ({ team }) => {
  const { a: owner, b: member } = team;
  // Bob has a case open when he is removed: it must be cut off.
  const list = new CaseListPage(owner.page);
  await list.goto();
  const caseId = await list.createCase('Umbrella renewal');
  const memberCase = new CasePage(member.page);
  await memberCase.goto(caseId);

  // A member sees the list, read-only.
  const memberTab = await member.context.newPage();
  const readOnly = new MembersPage(memberTab);
  await readOnly.goto();
  await expect(readOnly.row(owner.person.name)).toBeVisible();
  await expect(memberTab.getByRole('note')).toHaveText('Only owners and admins change roles or remove people.');
  await expect(readOnly.table.getByRole('combobox')).toHaveCount(0);
  await memberTab.close();

  const members = new MembersPage(owner.page);
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Workspace' }).click();
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  await expect(members.heading).toBeVisible();
  await expect(members.row(member.person.name)).toContainText(member.person.email);
  await expect(members.role(member.person.name)).toHaveValue('member');

  // Make Bob an admin.
  await members.role(member.person.name).selectOption('admin');
  await expect(owner.page.getByRole('status').filter({ hasText: `${member.person.name} is now an admin.` })).toBeVisible();
  await expect(members.role(member.person.name)).toHaveValue('admin');
  // Bob's open case reconnects under the new role (the server closed his socket to reopen it).
  await memberCase.waitUntilLive();

  // The only owner cannot step down: the server says why, and the select shows the truth.
  await members.role(owner.person.name).selectOption('member');
  await expect(owner.page.getByRole('alert')).toContainText('at least one owner');
  await expect(members.role(owner.person.name)).toHaveValue('owner');

  // Invite by link from the page; the pending invite can be revoked.
  const invite = new InviteDialog(owner.page);
  await owner.page.getByRole('button', { name: 'Invite a member' }).click();
  await expect(invite.dialog).toBeVisible();
  await invite.invite('carol-pending@example.test');
  await invite.dialog.getByRole('button', { name: 'Done' }).click();
  const pending = members.invites.getByRole('row').filter({ hasText: 'carol-pending@example.test' });
  await expect(pending).toBeVisible();
  await owner.page.screenshot({ path: 'e2e/artifacts/settings-members.png', fullPage: true });
  await pending.getByRole('button', { name: 'Revoke the invite for carol-pending@example.test' }).click();
  await expect(pending).toHaveCount(0);

  // Remove Bob: confirmation, then he is gone, and his open case page says so without a reload.
  await members.remove(member.person.name);
  await expect(members.row(member.person.name)).toHaveCount(0);
  await expect(member.page.getByRole('heading', { name: 'Your access to this case was removed' })).toBeVisible();
  const me = await member.context.request.get('/api/me');
  expect(me.status()).toBe(401);
  await member.page.screenshot({ path: 'e2e/artifacts/settings-member-removed.png' });
});

test('the audit log lists what happened, filters it, and exports the same as CSV; a password change signs out other sessions', async ({
  team,
  browser,
  baseURL,
}) => {
  const { a: owner, b: member } = team;
  const members = new MembersPage(owner.page);
  await members.goto();
  await members.role(member.person.name).selectOption('admin');
  await expect(members.role(member.person.name)).toHaveValue('admin');

  // A second session of the owner, in another browser, to be signed out by the password change.
  const other = await browser.newContext({ baseURL });
  const login = await other.request.post('/api/auth/login', {
    data: { email: owner.person.email, password: owner.person.password },
    headers: { origin: baseURL ?? '' },
  });
  expect(login.ok()).toBe(true);

  // Audit log: from the header.
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Workspace' }).click();
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  const audit = new AuditPage(owner.page);
  await expect(audit.heading).toBeVisible();
  await expect(audit.rows().filter({ hasText: 'Role changed' })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: 'Invite accepted' })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: 'Role changed' })).toContainText(owner.person.name);
  await expect(audit.rows().filter({ hasText: 'Role changed' })).toContainText('to: admin');

  await audit.filters.getByLabel('Action').selectOption({ label: 'Role changed' });
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.exportLink).toHaveAttribute('href', /\/api\/audit\.csv\?action=member\.role/);
  await audit.filters.getByLabel('Person').selectOption({ label: member.person.name });
  await expect(owner.page.getByText('No entries match these filters.')).toBeVisible();
  await audit.filters.getByLabel('Person').selectOption({ label: owner.person.name });
  await expect(audit.rows()).toHaveCount(1);
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  await audit.filters.getByLabel('From').fill(day);
  await audit.filters.getByLabel('To').fill(day);
  await expect(audit.rows()).toHaveCount(1);
  await owner.page.screenshot({ path: 'e2e/artifacts/settings-audit.png', fullPage: true });

  const href = await audit.exportLink.getAttribute('href');
  expect(href).toContain('from=');
  const csv = await owner.context.request.get(href ?? '');
  expect(csv.ok()).toBe(true);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines[0]).toBe('at,action,actorId,actorName,subjectId,data');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('member.role');

  // The export itself is audited.
  await audit.filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(audit.rows().filter({ hasText: 'Audit log exported' })).toHaveCount(1);

  // Members and guests do not get the audit log.
  const memberAudit = await member.context.request.get('/api/audit');
  expect(memberAudit.status()).toBe(200); // Bob is an admin now
  await members.goto();
  await members.role(member.person.name).selectOption('member');
  await expect(members.role(member.person.name)).toHaveValue('member');
  await member.page.goto('/settings/audit');
  await expect(member.page.getByRole('alert')).toHaveText('Only owners and admins can read the audit log.');

  // Change password from the account menu: a wrong current password is refused, then it works.
  await owner.page.getByRole('button', { name: `Account menu for ${owner.person.name}` }).click();
  await owner.page.getByRole('menuitem', { name: 'Change password' }).click();
  const dialog = owner.page.getByRole('dialog', { name: 'Change password' });
  await dialog.getByLabel('Current password').fill('not my password');
  await dialog.getByLabel('New password', { exact: true }).fill('a brand new secret');
  await dialog.getByLabel('Repeat the new password').fill('a brand new secret');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByText('is not right')).toBeVisible();
  await expect(owner.page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible(); // still signed in
  await dialog.getByLabel('Current password').fill(owner.person.password);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('status')).toContainText('signed out everywhere else');
  await owner.page.screenshot({ path: 'e2e/artifacts/settings-password.png' });
  await dialog.getByRole('button', { name: 'Done' }).click();

  expect((await other.request.get('/api/me')).status()).toBe(401);
  expect((await owner.context.request.get('/api/me')).status()).toBe(200);
  await other.close();
});
