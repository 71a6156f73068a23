import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makePerson, uniqueTag, type Person } from '../fixtures';
import { CasePage } from '../pages/CasePage';

/**
 * A workspace with something on every main page, made through the API with fixed
 * names, values and dates (only the sign-in addresses differ from run to run), so
 * the accessibility checks (e2e/accessibility.spec.ts) have content to look at and
 * the screenshots (e2e/screens.spec.ts) come out the same every time.
 */
export interface Showcase {
  owner: { person: Person; context: BrowserContext; page: Page };
  guest: { person: Person; context: BrowserContext; page: Page };
  workspaceName: string;
  caseId: string;
  contactId: string;
  accountId: string;
}

export const showcaseNames = {
  // Long on purpose: issue 17.8, these wrapped onto two lines in the header at 1280–1440 px.
  workspace: 'Northwind Traders International Holdings',
  owner: 'Alexandra Montgomery-Whitfield',
  member: 'Grace Hopper',
  guest: 'Hank Scorpio',
  caseTitle: 'Globex renewal 2031',
};

async function send(request: APIRequestContext, origin: string, method: 'post' | 'patch', path: string, data: unknown, contentType?: string): Promise<unknown> {
  const res = await request[method](path, { data, headers: { origin, ...(contentType ? { 'content-type': contentType } : {}) } });
  expect(res.ok(), `${method.toUpperCase()} ${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

const idOf = (body: unknown): string => {
  if (typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string') return body.id;
  throw new Error(`no id in ${JSON.stringify(body)}`);
};

function rawEmail(from: string, to: string, subject: string, messageId: string, date: string, text: string): string {
  return [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: <${messageId}>`, `Date: ${date}`, '', text, ''].join('\r\n');
}

export async function buildShowcase(browser: Browser, baseURL: string): Promise<Showcase> {
  const tag = uniqueTag();
  const owner = { ...makePerson('Alexandra', tag), name: showcaseNames.owner };
  const member = { ...makePerson('Grace', tag), name: showcaseNames.member };
  const guest = { ...makePerson('Hank', tag), name: showcaseNames.guest };

  const ownerContext = await browser.newContext({ baseURL });
  const api = ownerContext.request;
  await send(api, baseURL, 'post', '/api/auth/signup', { ...owner, workspaceName: showcaseNames.workspace });

  const memberInvite = (await send(api, baseURL, 'post', '/api/invites', { email: member.email, role: 'member' })) as { token: string };
  const memberContext = await browser.newContext({ baseURL });
  await send(memberContext.request, baseURL, 'post', `/api/invites/${memberInvite.token}/accept`, { name: member.name, password: member.password });
  await memberContext.close();

  const accountId = idOf(
    await send(api, baseURL, 'post', '/api/accounts', {
      name: 'Globex Corporation',
      domains: ['globex.example'],
      tags: ['enterprise'],
      notes: 'Renews every June.',
    }),
  );
  const contactId = idOf(
    await send(api, baseURL, 'post', '/api/contacts', {
      name: 'Hank Scorpio',
      title: 'Chief Executive',
      phone: '+1 555 0100',
      accountId,
      emails: ['hank@globex.example'],
      tags: ['decision maker'],
    }),
  );
  await send(api, baseURL, 'post', '/api/contacts', { name: 'Mindy Simmons', title: 'Head of Procurement', accountId, emails: ['mindy@globex.example'] });

  const caseId = idOf(
    await send(api, baseURL, 'post', '/api/cases', {
      title: showcaseNames.caseTitle,
      kind: 'deal',
      stage: 'proposal',
      priority: 'high',
      account: 'Globex Corporation',
      value: 48000,
      currency: 'EUR',
      closeDate: '2031-06-30',
    }),
  );
  await send(api, baseURL, 'post', '/api/cases', { title: 'Initech printer support', kind: 'support' });
  await send(api, baseURL, 'post', '/api/cases', { title: 'Umbrella pilot', kind: 'deal', value: 12500, currency: 'USD', closeDate: '2031-09-15' });

  await send(
    api,
    baseURL,
    'post',
    `/api/cases/${caseId}/emails`,
    rawEmail(
      'Hank Scorpio <hank@globex.example>',
      'sales@northwind.example',
      'Renewal for next year',
      `renewal-${tag}@globex.example`,
      'Mon, 02 Jun 2031 09:30:00 +0000',
      'Hello,\r\n\r\nWe would like to renew for another year. Could you send the quote by Friday?\r\n\r\nHank',
    ),
    'message/rfc822',
  );
  await send(api, baseURL, 'post', `/api/cases/${caseId}/notes`, {
    kind: 'call',
    text: 'Call with Hank: budget approved for the second year, legal review in June.',
  });
  await send(api, baseURL, 'post', `/api/cases/${caseId}/notes`, { kind: 'note', text: 'Shared with Hank: the renewal timeline.', shared: true });
  await send(api, baseURL, 'post', `/api/cases/${caseId}/expectations`, {
    text: 'Send the renewal quote',
    promisedTo: 'Hank Scorpio',
    dueAt: '2031-06-06T15:00:00Z',
  });
  await send(
    api,
    baseURL,
    'post',
    '/api/triage/emails',
    rawEmail(
      'Pat Doe <pat@initech.example>',
      'inbox@northwind.example',
      'Question about invoices',
      `invoice-${tag}@initech.example`,
      'Tue, 03 Jun 2031 10:00:00 +0000',
      'Where can I download last month’s invoice?',
    ),
    'message/rfc822',
  );

  const guestInvite = (await send(api, baseURL, 'post', '/api/invites', { email: guest.email, role: 'guest', caseId, access: 'commenter' })) as {
    token: string;
  };
  const guestContext = await browser.newContext({ baseURL });
  await send(guestContext.request, baseURL, 'post', `/api/invites/${guestInvite.token}/accept`, { name: guest.name, password: guest.password });

  // The account plan has no HTTP door: it is typed, as a person would.
  const ownerPage = await ownerContext.newPage();
  const casePage = new CasePage(ownerPage);
  await casePage.goto(caseId);
  await casePage.typeInPlan('Goals: renew for two years and add the analytics module.');
  await expect(casePage.plan).toContainText('analytics module');
  await expect(casePage.connection).toHaveAttribute('data-pending', '0');
  await expect(casePage.connection).toHaveText('Live');

  return {
    owner: { person: owner, context: ownerContext, page: ownerPage },
    guest: { person: guest, context: guestContext, page: await guestContext.newPage() },
    workspaceName: showcaseNames.workspace,
    caseId,
    contactId,
    accountId,
  };
}
