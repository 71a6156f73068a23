import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { WebhooksPage } from './pages/WebhooksPage';

test('settings → webhooks: an owner adds a webhook, copies its secret once, sees signed deliveries, resends one and deletes it', async ({ team }) => {
  const { a: owner, b: member } = team;
  const got: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/casehub`;
  try {
    // A member is told the page is not theirs.
    await member.page.goto('/settings/webhooks');
    await expect(member.page.getByRole('alert')).toHaveText('Only owners and admins manage webhooks.');

    const hooks = new WebhooksPage(owner.page);
    await owner.page.goto('/cases');
    await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Workspace' }).click();
    await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(hooks.heading).toBeVisible();
    await expect(hooks.list).toContainText('No webhooks yet');

    // A bad URL is refused in the form.
    await hooks.form.getByLabel('Receiver URL').fill('ftp://example.com/x');
    await hooks.form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(hooks.form.getByRole('alert')).toHaveText('Enter an http:// or https:// URL');

    const secret = await hooks.add(url, ['case.created']);
    expect(secret).toMatch(/^whsec_/);
    await owner.page.screenshot({ path: 'e2e/artifacts/webhooks-secret.png', fullPage: true });
    await hooks.secret.getByRole('button', { name: 'Done' }).click();
    await expect(hooks.secret).toHaveCount(0);
    await expect(hooks.row(url)).toContainText('case.created');
    // Shown once: after a reload, the secret is nowhere on the page.
    await owner.page.reload();
    await expect(hooks.row(url)).toBeVisible();
    await expect(owner.page.locator('body')).not.toContainText(secret);

    const list = new CaseListPage(owner.page);
    await list.goto();
    const caseId = await list.createCase('Webhook e2e case');
    await expect.poll(() => got.length).toBe(1);
    // Signed with the secret the page showed (the server suite checks with the standardwebhooks library itself).
    const first = got[0];
    const signed = `${String(first?.headers['webhook-id'])}.${String(first?.headers['webhook-timestamp'])}.${first?.body ?? ''}`;
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(signed)
      .digest('base64');
    expect(first?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ type: 'case.created', data: { caseId } });

    await hooks.goto();
    await hooks.row(url).getByRole('button', { name: 'Deliveries' }).click();
    const log = hooks.row(url).getByRole('region', { name: 'Delivery log' });
    await expect(log.getByRole('row').filter({ hasText: 'case.created' })).toContainText('Delivered');
    await expect(log.getByRole('row').filter({ hasText: 'case.created' })).toContainText('HTTP 200');
    await owner.page.screenshot({ path: 'e2e/artifacts/webhooks-deliveries.png', fullPage: true });
    await log.getByRole('button', { name: /^Resend case\.created/ }).click();
    await expect(log.getByRole('status')).toContainText('will be sent again');
    await expect.poll(() => got.length).toBe(2);
    expect(got[1]?.headers['webhook-id']).toBe(got[0]?.headers['webhook-id']);

    await hooks
      .row(url)
      .getByRole('button', { name: `Delete webhook ${url}` })
      .click();
    await owner.page.getByRole('dialog').getByRole('button', { name: 'Delete webhook' }).click();
    await expect(hooks.row(url)).toHaveCount(0);
    await expect(hooks.list).toContainText('No webhooks yet');
  } finally {
    receiver.close();
  }
});
