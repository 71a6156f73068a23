import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';

test('[issue 21.4] a hit in "Search this case" opens its entry, and leaves the stream on it', async ({ team }) => {
  const { a } = team;
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);

  await list.goto();
  await list.createCase('In-case search');
  await casePage.waitUntilLive();
  await stream.newNote();
  await a.page.keyboard.type('Quarterly pricing review with finance');
  await stream.closeViewer();
  for (const text of ['Kickoff agenda', 'Security questionnaire sent']) {
    await stream.newNote();
    await a.page.keyboard.type(text);
    await stream.closeViewer();
  }

  const hits = stream.panel.getByRole('list', { name: 'Results for pricing in this case' });
  // The search index follows the document within moments.
  await expect(async () => {
    await stream.caseSearch.fill('');
    await stream.caseSearch.fill('pricing');
    await expect(hits.getByRole('link')).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await hits.getByRole('link').click();

  const viewer = a.page.getByRole('dialog', { name: 'Note' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('textbox', { name: 'Note text' })).toContainText('Quarterly pricing review with finance');
  await expect(stream.caseSearch).toHaveValue('');
  await a.page.screenshot({ path: 'e2e/artifacts/stream-case-search-opens.png' });
  await a.page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  const row = stream.feed.locator('.activity-row--highlight');
  await expect(row).toContainText('Quarterly pricing review with finance');
  await expect(row.getByRole('button', { name: 'Quarterly pricing review with finance' })).toBeFocused();
});

test('[issue 21.11] relative times move on by themselves: the case list and the stream', async ({ team }) => {
  const { a } = team;
  // The page's clock runs normally from here, and can be moved forward.
  await a.page.clock.install();
  const list = new CaseListPage(a.page);
  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);

  await list.goto();
  await list.createCase('Clock check');
  await casePage.waitUntilLive();
  await stream.newNote();
  await a.page.keyboard.type('A note to age');
  await stream.closeViewer();
  const time = stream.entry('A note to age').locator('time');
  await expect(time).toHaveText(/now|seconds? ago/);

  await list.goto();
  const updated = list.row('Clock check').getByRole('cell').last();
  await expect(updated).toHaveText(/now|seconds? ago/);
  await a.page.clock.fastForward('03:10');
  await expect(updated).toHaveText('3 minutes ago');
  await a.page.screenshot({ path: 'e2e/artifacts/stream-relative-time-case-list.png' });

  await a.page.goBack();
  await casePage.waitUntilLive();
  await a.page.clock.fastForward('02:00');
  await expect(time).toHaveText('5 minutes ago');
});
