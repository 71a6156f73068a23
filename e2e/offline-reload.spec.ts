import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { SyncLink } from './support/SyncLink';

// The service worker caches the app for a reload without a network; other specs block it.
test.use({ serviceWorkers: 'allow' });

/** The browser's copy of API answers (apps/web/src/lib/offlineCopy.ts): how many entries it holds. */
function keptAnswers(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('casehub.offline', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('answers');
        req.onerror = () => reject(new Error('could not open the offline copy'));
        req.onsuccess = () => {
          const db = req.result;
          const count = db.transaction('answers', 'readonly').objectStore('answers').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(new Error('could not count the offline copy'));
        };
      }),
  );
}

/** The service worker has precached the build and is active (it serves the next navigation). */
async function workerReady(page: Page): Promise<void> {
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/');
}

test('[issue 17.7] a case opens after a reload while offline, and an edit made then reaches the other person', async ({ team }) => {
  const { a, b } = team;
  const link = new SyncLink();
  await link.install(a.page);

  const listA = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);

  await listA.goto();
  const caseId = await listA.createCase('Initech renewal');
  await caseA.waitUntilLive();
  await caseB.goto(caseId);
  await expect(caseB.person(a.person.name)).toBeVisible();
  await caseA.typeInPlan('Agreed online.');
  await expect(caseB.plan).toContainText('Agreed online.');
  await expect(caseA.connection).toHaveText('Live');
  // A passes through the case list on the way (it now lists the case).
  await a.page.getByRole('link', { name: '← Cases' }).click();
  await expect(listA.row('Initech renewal')).toBeVisible();
  await listA.row('Initech renewal').getByRole('link', { name: 'Initech renewal' }).click();
  await caseA.waitUntilLive();
  await workerReady(a.page);
  // The case's detail, the person and the workspace's people are kept for the way back.
  await expect.poll(() => keptAnswers(a.page)).toBeGreaterThanOrEqual(3);

  // No network, and the page is loaded again: the app comes from the worker, the case from the browser's copy.
  await link.goOffline(a.context);
  await a.page.reload();
  await expect(a.page.getByRole('status').filter({ hasText: 'Offline: showing your local copy.' })).toBeVisible();
  await expect(caseA.title).toHaveText('Initech renewal');
  await expect(caseA.plan).toContainText('Agreed online.');
  await expect(caseA.connection).toHaveText(/^Offline/);
  // The case list, as last loaded online, and back into the case.
  await a.page.getByRole('link', { name: '← Cases' }).click();
  await expect(listA.row('Initech renewal')).toBeVisible();
  await listA.row('Initech renewal').getByRole('link', { name: 'Initech renewal' }).click();
  await expect(caseA.plan).toContainText('Agreed online.');
  await expect(caseA.connection).toHaveText(/^Offline/);

  await caseA.typeInPlan(' Written offline after a reload.');
  await expect(caseA.plan).toContainText('Agreed online. Written offline after a reload.');
  await a.page.screenshot({ path: 'e2e/artifacts/offline-reload-a.png', fullPage: true });
  await expect(caseB.plan).not.toContainText('Written offline after a reload.');

  // The network is back: the edit reaches B, and A's page is the server's again.
  await link.goOnline(a.context);
  await expect(caseB.plan).toContainText('Agreed online. Written offline after a reload.');
  await expect(caseA.connection).toHaveText('Live');
  await expect(a.page.getByTestId('offline-notice')).toHaveCount(0);
  await expect(caseB.person(a.person.name)).toBeVisible();

  // And the server stored it: a fresh load of B's page has it.
  await b.page.reload();
  await caseB.waitUntilLive();
  await expect(caseB.plan).toContainText('Written offline after a reload.');
});

test('[issue 17.7] signing out leaves nothing of the person in the browser: offline, the case no longer opens', async ({ team }) => {
  const { a } = team;
  const link = new SyncLink();
  await link.install(a.page);
  const listA = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);

  await listA.goto();
  const caseId = await listA.createCase('Umbrella audit');
  await caseA.waitUntilLive();
  await workerReady(a.page);
  await expect.poll(() => keptAnswers(a.page)).toBeGreaterThanOrEqual(3);

  await a.page.getByRole('button', { name: `Account menu for ${a.person.name}` }).click();
  await a.page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(a.page).toHaveURL(/\/login/);
  await expect.poll(() => keptAnswers(a.page)).toBe(0);

  // The app itself still opens offline (it is no one's), but the case does not: there is no one signed in to show it to.
  await link.goOffline(a.context);
  await a.page.goto(`/cases/${caseId}`);
  await expect(a.page.getByRole('alert')).toHaveText('Could not reach the server. Check your connection and try again.');
  await expect(caseA.title).toHaveCount(0);
  await expect(a.page.getByText('Umbrella audit')).toHaveCount(0);
  await link.goOnline(a.context);
});

test('[issue 17.7] the service worker is always fetched fresh, so a new build replaces the old one', async ({ request }) => {
  const res = await request.get('/sw.js');
  expect(res.ok()).toBe(true);
  expect(res.headers()['content-type']).toMatch(/javascript/);
  expect(res.headers()['cache-control']).toBe('no-cache');
  // Workbox precaches the build's files by content; no API path is among them.
  const body = await res.text();
  expect(body).toContain('index.html');
  expect(body).not.toMatch(/["']\/?api\//);
});
