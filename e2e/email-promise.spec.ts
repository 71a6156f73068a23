import { test, expect, uniqueTag } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';
import { PromisesPanel } from './pages/PromisesPages';

const sentence = 'We will ship the signed order form by Tuesday.';

/** An HTML-only email: the sentence exists only in the formatted view. */
function htmlEmail(tag: string): string {
  return [
    'From: Wendy Testaburger <wendy@initrode.example>',
    'To: sales@acme.example',
    `Subject: Order form ${tag}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${tag}@initrode.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Hello team,</p><p id="promise">${sentence}</p><p>Regards, <b>Wendy</b></p></body></html>`,
    '',
  ].join('\r\n');
}

test('[issue 21.7] a sentence selected in the formatted email becomes a promise; the frame stays sandboxed, running only our script', async ({
  team,
  baseURL,
}) => {
  const { a } = team;
  const tag = uniqueTag();
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);
  const promises = new PromisesPanel(a.page);

  await list.goto();
  const caseId = await list.createCase(`Initrode order ${tag}`);
  await casePage.waitUntilLive();
  const ingest = await a.context.request.post(`/api/cases/${encodeURIComponent(caseId)}/emails`, {
    data: Buffer.from(htmlEmail(tag)),
    headers: { origin: baseURL ?? '', 'content-type': 'message/rfc822' },
  });
  expect(ingest.status(), await ingest.text()).toBe(201);

  await stream
    .entry(`Order form ${tag}`)
    .getByRole('button', { name: new RegExp(`^Order form ${tag}`) })
    .click();
  const frame = a.page.frameLocator('iframe.email__frame');
  const paragraph = frame.getByText(sentence);
  await expect(paragraph).toBeVisible();
  // A message of the right shape from anyone but the email's frame (here the page itself) is ignored.
  await a.page.evaluate(async () => {
    window.postMessage({ type: 'casehub:selection', text: 'Forged promise' }, '*');
    // The message is delivered as a task of its own; let it (and a render) happen first.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  await expect(a.page.getByText('Select a sentence first to use it as the promise.')).toBeVisible();
  // Select the sentence as a person does: a triple click selects its paragraph.
  await paragraph.click({ clickCount: 3 });
  await expect(a.page.getByText('Uses the selected text.')).toBeVisible();
  await a.page.getByRole('button', { name: 'Make a promise of this' }).click();
  await expect(promises.form).toBeVisible();
  await expect(promises.form.getByLabel('What was promised')).toHaveValue(sentence);
  await a.page.screenshot({ path: 'e2e/artifacts/email-promise-from-formatted.png' });

  // The frame is still locked down: no same-origin, and a CSP that allows only our nonce'd script.
  const iframe = a.page.locator('iframe.email__frame');
  await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts');
  const srcdoc = (await iframe.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).toMatch(/script-src 'nonce-[0-9a-f-]{36}'/);
  expect(srcdoc).toContain("default-src 'none'");
});
