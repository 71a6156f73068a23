import { expect, type Page } from '@playwright/test';
import { showcaseNames, type Showcase } from './showcase';

/** One of the main pages, and what shows when it has its data (not a loading state). */
export interface MainPage {
  name: string;
  path: string;
  /** Waits until the page shows its content. */
  ready: (page: Page) => Promise<void>;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 });

async function noLoading(page: Page): Promise<void> {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}

/** The main pages of a member (the showcase's owner), with what each shows once loaded. */
export function memberPages(s: Showcase): MainPage[] {
  const text = (page: Page, t: string) => expect(page.getByRole('main').getByText(t, { exact: true }).first()).toBeVisible();
  return [
    {
      name: 'cases',
      path: '/cases',
      ready: async (page) => {
        await expect(page.getByRole('link', { name: showcaseNames.caseTitle })).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'case',
      path: `/cases/${s.caseId}`,
      ready: async (page) => {
        await expect(page.getByTestId('connection-status')).toHaveText('Live');
        await expect(page.getByRole('textbox', { name: 'Account plan' })).toContainText('analytics module');
        await expect(page.getByText('Renewal for next year').first()).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'contacts',
      path: '/contacts',
      ready: async (page) => {
        await text(page, 'Hank Scorpio');
        await noLoading(page);
      },
    },
    {
      name: 'contact',
      path: `/contacts/${s.contactId}`,
      ready: async (page) => {
        await expect(heading(page, 'Hank Scorpio')).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'accounts',
      path: '/accounts',
      ready: async (page) => {
        await text(page, 'Globex Corporation');
        await noLoading(page);
      },
    },
    {
      name: 'account',
      path: `/accounts/${s.accountId}`,
      ready: async (page) => {
        await expect(heading(page, 'Globex Corporation')).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'dashboard',
      path: '/dashboard',
      ready: async (page) => {
        await expect(heading(page, 'Dashboard')).toBeVisible();
        await expect(page.getByRole('figure').first()).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'promises',
      path: '/expectations',
      ready: async (page) => {
        await expect(heading(page, 'Promises')).toBeVisible();
        await noLoading(page);
      },
    },
    {
      name: 'triage',
      path: '/triage',
      ready: async (page) => {
        await expect(page.getByRole('list', { name: 'Messages in triage' }).getByText('Question about invoices')).toBeVisible();
        await noLoading(page);
      },
    },
    { name: 'search', path: '/search?q=renewal', ready: async (page) => expect(page.getByRole('main').getByText('Globex renewal 2031').first()).toBeVisible() },
    { name: 'your-settings', path: '/settings/account', ready: (page) => settled(page, 'Your settings') },
    {
      name: 'members',
      path: '/settings/members',
      ready: async (page) => expect(page.getByRole('cell', { name: showcaseNames.member, exact: true })).toBeVisible(),
    },
    { name: 'routing', path: '/settings/routing', ready: (page) => settled(page, 'Routing') },
    { name: 'saved-replies', path: '/settings/saved-replies', ready: (page) => settled(page, 'Saved replies') },
    { name: 'audit', path: '/settings/audit', ready: (page) => settled(page, 'Audit log') },
    { name: 'webhooks', path: '/settings/webhooks', ready: (page) => settled(page, 'Webhooks') },
    { name: 'mailboxes', path: '/settings/mailboxes', ready: (page) => settled(page, 'Mailboxes') },
    { name: 'security', path: '/settings/security', ready: (page) => settled(page, 'Sign-in security') },
  ];
}

async function settled(page: Page, title: string): Promise<void> {
  await expect(heading(page, title)).toBeVisible();
  await noLoading(page);
}

/** The guest's case page: the shared fields, the mutual plan and the shared stream. */
export function guestCasePage(s: Showcase): MainPage {
  return {
    name: 'guest-case',
    path: `/cases/${s.caseId}`,
    ready: async (page) => {
      await expect(page.getByTestId('case-title')).toHaveText(showcaseNames.caseTitle);
      await expect(page.getByTestId('connection-status')).toHaveText('Live');
      await expect(page.getByText('Shared with Hank: the renewal timeline.').first()).toBeVisible();
      await noLoading(page);
    },
  };
}

export const signInPage: MainPage = {
  name: 'sign-in',
  path: '/login',
  ready: async (page) => {
    await expect(page.getByRole('heading', { name: 'Sign in to Casehub' })).toBeVisible();
  },
};
