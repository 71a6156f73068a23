import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

// The suite's server runs with MAX_DOC_BYTES=262144 (playwright.config.ts).
test('[S12.2] a change that would take a document past its size limit is refused, said so, and the rest is kept', async ({ team }) => {
  const { a, b } = team;
  const list = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  await list.goto();
  const caseId = await list.createCase('Oversized paste');
  await caseA.waitUntilLive();
  await caseA.typeInPlan('Kept before the paste');
  await caseB.goto(caseId);
  await expect(caseB.plan).toContainText('Kept before the paste');

  // One paste of about 300 KB: more than the whole document may hold.
  await a.page.keyboard.press('Enter');
  await a.page.keyboard.insertText('lorem ipsum dolor sit amet '.repeat(12_000));
  await expect(caseA.connection).toContainText('This document has reached its size limit; your last change was not saved');

  // Nobody else got the refused change, and what was there before is still stored.
  await expect(caseB.connection).toHaveText('Live');
  await expect(caseB.plan).not.toContainText('lorem ipsum');
  await b.page.reload();
  await caseB.waitUntilLive();
  await expect(caseB.plan).toContainText('Kept before the paste');
  await expect(caseB.plan).not.toContainText('lorem ipsum');
});
