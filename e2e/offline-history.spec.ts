import type { APIRequestContext } from '@playwright/test';
import { test, expect, caseOpenForBoth, type Team } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { HistoryDrawer } from './pages/HistoryDrawer';
import { SyncLink } from './support/SyncLink';

/** "Offline — 3 changes not yet saved" and the like. */
const offlineUnsaved = /^Offline — \d+ changes? not yet saved$/;

/** A's case, with B on it too. */
async function sharedCase(team: Team, title: string) {
  const { caseId, caseA, caseB } = await caseOpenForBoth(team, title);
  await expect(caseB.person(team.a.person.name)).toBeVisible();
  return { caseId, caseA, caseB };
}

async function versionCount(request: APIRequestContext, caseId: string): Promise<number> {
  const res = await request.get(`/api/cases/${caseId}/versions?doc=team&target=plan`);
  const body = (await res.json()) as { versions: unknown[] };
  return body.versions.length;
}

/**
 * A's case whose plan has one kept version, "First draft of the plan." (leaving
 * ends the editing session; once the server unloads the document, it keeps a
 * version), open again in A's page with the plan selected, to be typed over.
 */
async function caseWithFirstVersion(team: Team, title: string) {
  const listA = new CaseListPage(team.a.page);
  const caseA = new CasePage(team.a.page);
  await listA.goto();
  const caseId = await listA.createCase(title);
  await caseA.waitUntilLive();
  await caseA.typeInPlan('First draft of the plan.');
  await expect(caseA.connection).toHaveText('Live');
  await listA.goto();
  await expect.poll(() => versionCount(team.a.context.request, caseId), { timeout: 30_000, intervals: [1000] }).toBe(1);
  await caseA.goto(caseId);
  await caseA.plan.click();
  await team.a.page.keyboard.press('Control+a');
  return { caseId, caseA };
}

test('(a) edits typed offline reach the other person when the connection returns', async ({ team }) => {
  const link = new SyncLink();
  await link.install(team.a.page);
  const { caseA, caseB } = await sharedCase(team, 'Offline a');

  await link.goOffline(team.a.context);
  await caseA.typeInPlan('Typed on the train.');
  await expect(caseA.connection).toHaveText(offlineUnsaved);
  await expect(caseB.plan).not.toContainText('Typed on the train.');

  await link.goOnline(team.a.context);
  await expect(caseB.plan).toContainText('Typed on the train.');
  await expect(caseA.connection).toHaveText('Live');
});

test('(b) edits typed offline survive closing the tab and reach the team on the next visit', async ({ team }) => {
  const link = new SyncLink();
  await link.install(team.a.page);
  const { caseId, caseB } = await sharedCase(team, 'Offline b');
  const caseA = new CasePage(team.a.page);

  await link.goOffline(team.a.context);
  await caseA.typeInPlan('Written before the battery died.');
  await expect(caseA.connection).toHaveText(offlineUnsaved);
  // The browser's copy is written as the edit happens; give IndexedDB a moment to commit.
  await team.a.page.waitForTimeout(500);
  await team.a.page.close();
  await expect(caseB.plan).not.toContainText('Written before the battery died.');

  await link.goOnline(team.a.context);
  const again = new CasePage(await team.a.context.newPage());
  await again.goto(caseId);
  await expect(again.plan).toContainText('Written before the battery died.');
  await expect(caseB.plan).toContainText('Written before the battery died.');
  await expect(again.connection).toHaveText('Live');
  await again.screenshot('e2e/artifacts/offline-history-b-restored-from-browser.png');
});

test('(c) two people editing the same paragraph offline both keep their words', async ({ team }) => {
  const linkA = new SyncLink();
  const linkB = new SyncLink();
  await linkA.install(team.a.page);
  await linkB.install(team.b.page);
  const { caseA, caseB } = await sharedCase(team, 'Offline c');
  await caseA.typeInPlan('Renewal terms:');
  await expect(caseB.plan).toContainText('Renewal terms:');
  await expect(caseA.connection).toHaveText('Live');

  await linkA.goOffline(team.a.context);
  await linkB.goOffline(team.b.context);
  // Same paragraph: A appends at its end, B inserts at its start.
  await caseA.typeInPlan(' three years, 5% off.');
  await caseB.plan.click();
  await team.b.page.keyboard.press('Control+Home');
  await team.b.page.keyboard.type('Draft ');
  await expect(caseA.plan).not.toContainText('Draft');
  await expect(caseB.plan).not.toContainText('three years');

  await linkA.goOnline(team.a.context);
  await linkB.goOnline(team.b.context);
  for (const page of [caseA, caseB]) {
    // One paragraph holding both people's words (a caret label may sit between them).
    const paragraph = page.plan.locator('p').first();
    await expect(paragraph).toContainText('Draft');
    await expect(paragraph).toContainText('Renewal terms: three years, 5% off.');
    await expect(page.plan.locator('p')).toHaveCount(1);
    await expect(page.connection).toHaveText('Live');
  }
});

test('(d) undo takes back only my own change, in the plan and in the fields', async ({ team }) => {
  const { caseA, caseB } = await sharedCase(team, 'Undo d');
  await caseA.typeInPlan('Alpha by A.');
  await expect(caseB.plan).toContainText('Alpha by A.');
  await caseB.typeInPlan(' Bravo by B.');
  await expect(caseA.plan).toContainText('Alpha by A. Bravo by B.');

  await caseA.plan.click();
  await team.a.page.keyboard.press('Control+z');
  for (const page of [caseA, caseB]) {
    await expect(page.plan).toContainText('Bravo by B.');
    await expect(page.plan).not.toContainText('Alpha by A.');
  }
  await team.a.page.keyboard.press('Control+Shift+z');
  await expect(caseB.plan).toContainText('Alpha by A. Bravo by B.');

  // Fields: A's stage goes back, B's account stays.
  await caseA.field('Stage').selectOption('negotiation');
  await expect(caseB.field('Stage')).toHaveValue('negotiation');
  await caseB.field('Account').fill('Initech');
  await expect(caseA.field('Account')).toHaveValue('Initech');
  await caseA.field('Stage').focus();
  await team.a.page.keyboard.press('Control+z');
  await expect(caseB.field('Stage')).not.toHaveValue('negotiation');
  await expect(caseB.field('Account')).toHaveValue('Initech');
  await team.a.page.getByRole('button', { name: 'Redo field change' }).click();
  await expect(caseB.field('Stage')).toHaveValue('negotiation');
});

test('(e) restoring an older plan is a live change for everyone, and undo brings the newer text back', async ({ team }) => {
  test.setTimeout(90_000);
  const { caseId, caseA } = await caseWithFirstVersion(team, 'History e');
  const caseB = new CasePage(team.b.page);
  await team.a.page.keyboard.type('Second draft, much better.');
  await caseB.goto(caseId);
  await expect(caseB.plan).toContainText('Second draft, much better.');

  const history = new HistoryDrawer(team.a.page);
  await history.openForPlan();
  await expect(history.versions).toHaveCount(1);
  await expect(history.diff.locator('ins')).toContainText(['First']);
  await expect(history.diff.locator('del').first()).toBeVisible();
  await team.a.page.screenshot({ path: 'e2e/artifacts/offline-history-e-drawer.png', fullPage: true });
  await history.restoreSelected();
  await history.close();

  await expect(caseB.plan).toContainText('First draft of the plan.');
  await expect(caseB.plan).not.toContainText('Second draft');

  await caseA.plan.click();
  await team.a.page.keyboard.press('Control+z');
  await expect(caseA.plan).toContainText('Second draft, much better.');
  await expect(caseB.plan).toContainText('Second draft, much better.');
  await expect(caseB.plan).not.toContainText('First draft');
});

test('(g) [issue 21.2] a restore keeps the text it replaces as a version, found again after a reload; a version equal to the text offers no restore', async ({
  team,
}) => {
  test.setTimeout(90_000);
  const { caseA } = await caseWithFirstVersion(team, 'History g');
  await team.a.page.keyboard.type('Second draft, never versioned before.');
  await expect(caseA.connection).toHaveText('Live');
  const history = new HistoryDrawer(team.a.page);
  await history.openForPlan();
  await expect(history.versions).toHaveCount(1);
  await history.restoreSelected();
  // The text the restore replaced is now a version of its own.
  await expect(history.versions).toHaveCount(2);
  await expect(history.versions.first()).toContainText('Second draft, never versioned before.');
  await history.close();
  await expect(caseA.plan).toContainText('First draft of the plan.');

  await team.a.page.reload();
  await caseA.waitUntilLive();
  await history.openForPlan();
  const replaced = history.versions.filter({ hasText: 'Second draft, never versioned before.' });
  await expect(replaced).toHaveCount(1);
  await replaced.click();
  await expect(history.dialog.getByRole('button', { name: 'Restore this version' })).toBeVisible();
  await history.versions.filter({ hasText: 'First draft of the plan.' }).first().click();
  await expect(history.dialog.getByText('This version is the same as the current text.')).toBeVisible();
  await expect(history.dialog.getByRole('button', { name: 'Restore this version' })).toHaveCount(0);
  await team.a.page.screenshot({ path: 'e2e/artifacts/offline-history-g-after-reload.png', fullPage: true });
});

test('(f) unsaved changes are shown and guarded while offline, and both go once synced', async ({ team }) => {
  const link = new SyncLink();
  await link.install(team.a.page);
  const { caseA, caseB } = await sharedCase(team, 'Unsaved f');
  await expect(caseA.connection).toHaveText('Live');

  await link.goOffline(team.a.context);
  await caseA.typeInPlan('Not on the server yet.');
  await expect(caseA.connection).toHaveText(offlineUnsaved);
  await team.a.page.screenshot({ path: 'e2e/artifacts/offline-history-f-unsaved.png', fullPage: true });

  // Closing the tab now asks first; staying keeps the page.
  const dialog = team.a.page.waitForEvent('dialog');
  await team.a.page.close({ runBeforeUnload: true });
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.dismiss();
  expect(team.a.page.isClosed()).toBe(false);

  await link.goOnline(team.a.context);
  await expect(caseA.connection).toHaveText('Live');
  await expect(caseA.connection).toHaveAttribute('data-pending', '0');
  await expect(caseB.plan).toContainText('Not on the server yet.');

  // Everything saved: the tab closes without asking.
  let askedAgain = false;
  team.a.page.on('dialog', (d) => {
    askedAgain = true;
    void d.dismiss();
  });
  const closed = team.a.page.waitForEvent('close');
  await team.a.page.close({ runBeforeUnload: true });
  await closed;
  expect(askedAgain).toBe(false);
});
