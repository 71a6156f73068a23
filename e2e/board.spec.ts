import { test, expect, createCase } from './fixtures';
import { BoardPage } from './pages/BoardPage';
import { CasePage } from './pages/CasePage';
import { seriousInBothThemes } from './support/axe';

test('a card dragged on the board moves for a second person, live on the case page too, and Ctrl+Z takes it back', async ({ team }) => {
  const { a, b } = team;
  const initech = await createCase(a, { title: 'Initech rollout', stage: 'lead', value: 1200, currency: 'USD', closeDate: '2026-12-15' });
  await createCase(a, { title: 'Umbrella pilot', stage: 'lead', value: 800, currency: 'EUR' });
  await createCase(a, { title: 'Hooli support desk', kind: 'support', stage: 'open' });

  const boardA = new BoardPage(a.page);
  const boardB = new BoardPage(b.page);
  await boardA.open();
  await boardB.open();

  // Cards by stage per kind, with owner, value and close date; totals per column by currency.
  const card = boardA.card('Initech rollout', boardA.column('lead'));
  await expect(card).toContainText(a.person.name);
  await expect(card).toContainText('$1,200');
  await expect(card).toContainText('Closes Dec 15, 2026');
  await expect(boardA.totals('lead')).toContainText('2 cases');
  await expect(boardA.totals('lead')).toContainText('$1,200');
  await expect(boardA.totals('lead')).toContainText('€800');
  await expect(boardA.card('Hooli support desk', boardA.column('open', 'Support'))).toBeVisible();
  await expect(boardA.totals('won')).toContainText('0 cases');
  await a.page.screenshot({ path: 'e2e/artifacts/board.png', fullPage: true });

  // B also has the case open: the move is a change of its document, so it lands there live.
  const caseB = new CasePage(await b.context.newPage());
  await caseB.goto(initech);
  await expect(caseB.field('Stage')).toHaveValue('lead');

  await boardA.drag('Initech rollout', 'proposal');
  await expect(boardA.card('Initech rollout', boardA.column('proposal'))).toBeVisible();
  await expect(boardA.toast).toContainText('Moved “Initech rollout” to proposal.');
  await expect(boardA.totals('lead')).toContainText('1 case');
  await expect(caseB.field('Stage')).toHaveValue('proposal');
  // B's board asks again every few seconds: wait for the card to arrive, not for a time.
  await expect(boardB.card('Initech rollout', boardB.column('proposal'))).toBeVisible({ timeout: 20_000 });
  await expect(boardB.totals('proposal')).toContainText('$1,200');

  // Ctrl+Z on the board takes the move back, for everyone.
  await a.page.keyboard.press('Control+z');
  await expect(boardA.toast).toContainText('“Initech rollout” is back in lead.');
  await expect(boardA.card('Initech rollout', boardA.column('lead'))).toBeVisible();
  await expect(caseB.field('Stage')).toHaveValue('lead');
  await expect(boardB.card('Initech rollout', boardB.column('lead'))).toBeVisible({ timeout: 20_000 });

  // The Board view is remembered by the browser.
  await a.page.reload();
  await expect(boardA.viewSwitch.getByRole('button', { name: 'Board' })).toHaveAttribute('aria-pressed', 'true');
  await expect(boardA.card('Initech rollout', boardA.column('lead'))).toBeVisible();
});

test('the keyboard way: Move to… on a focused card, the filters apply to the board, and Undo in the toast', async ({ team }) => {
  const { a, b } = team;
  await createCase(a, { title: 'Globex expansion', stage: 'qualified', value: 5000, currency: 'USD' });
  await createCase(a, { title: 'Soylent renewal', stage: 'qualified' });

  const boardA = new BoardPage(a.page);
  const boardB = new BoardPage(b.page);
  // The list's filters apply: only Globex is on A's board.
  await boardA.open('?q=Globex');
  await expect(boardA.card('Globex expansion')).toBeVisible();
  await expect(boardA.card('Soylent renewal')).toHaveCount(0);
  await boardB.open();

  const move = boardA.card('Globex expansion').getByRole('button', { name: 'Move Globex expansion to…' });
  await move.focus();
  await a.page.keyboard.press('Enter');
  const menu = a.page.getByRole('menu', { name: 'Move Globex expansion to' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  // lead, proposal, negotiation, won, lost (qualified, where it is, is not offered): down to negotiation.
  await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'negotiation' })).toBeFocused();
  await a.page.keyboard.press('Enter');
  await expect(boardA.card('Globex expansion', boardA.column('negotiation'))).toBeVisible();
  // The keyboard stays on the card in its new column.
  await expect(boardA.card('Globex expansion', boardA.column('negotiation')).getByRole('button', { name: 'Move Globex expansion to…' })).toBeFocused();
  await expect(boardB.card('Globex expansion', boardB.column('negotiation'))).toBeVisible({ timeout: 20_000 });
  await expect(boardB.totals('negotiation')).toContainText('$5,000');

  await boardA.toast.getByRole('button', { name: 'Undo' }).click();
  await expect(boardA.card('Globex expansion', boardA.column('qualified'))).toBeVisible();
  await expect(boardB.card('Globex expansion', boardB.column('qualified'))).toBeVisible({ timeout: 20_000 });
});

test('Settings → Pipelines: an owner renames and reorders stages by keyboard, and the board follows', async ({ team }) => {
  const { a, b } = team;
  await createCase(a, { title: 'Wayne Enterprises', stage: 'proposal' });
  const page = a.page;
  await page.goto('/settings/pipelines');
  await expect(page.getByRole('heading', { name: 'Pipelines', level: 1 })).toBeVisible();
  const deals = page.getByRole('form', { name: 'Deals' });
  const stages = deals.getByRole('list', { name: 'Deals stages, in order' });
  await stages.getByLabel('Name of stage 3').fill('Proposal sent');
  // Alt+↑ from its name moves it above "qualified".
  await stages.getByLabel('Name of stage 3').press('Alt+ArrowUp');
  await expect(stages.getByLabel('Name of stage 2')).toHaveValue('Proposal sent');
  await expect(stages.getByLabel('Name of stage 2')).toBeFocused();
  await deals.getByRole('button', { name: 'Save deals stages' }).click();
  await expect(deals.getByText('Saved. 1 case changed stage.')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/pipelines.png', fullPage: true });

  // A member reads them but may not change them.
  await b.page.goto('/settings/pipelines');
  await expect(b.page.getByRole('note')).toContainText('Only owners and admins change pipelines.');
  await expect(b.page.getByRole('form', { name: 'Deals' }).getByLabel('Name of stage 2')).toHaveValue('Proposal sent');
  await expect(b.page.getByRole('form', { name: 'Deals' }).getByLabel('Name of stage 2')).toBeDisabled();

  const board = new BoardPage(page);
  await board.open();
  const titles = board.kind('Deals').getByRole('heading', { level: 3 });
  await expect(titles).toHaveText(['lead', 'Proposal sent', 'qualified', 'negotiation', 'won', 'lost']);
  await expect(board.card('Wayne Enterprises', board.column('Proposal sent'))).toBeVisible();
});

test("[issue 17.7] the board with a card's menu open, and the pipelines page: nothing serious for axe in either theme, and the board fits a phone", async ({
  team,
}) => {
  const { a } = team;
  await createCase(a, { title: 'Stark Industries', stage: 'won', value: 90000, currency: 'USD' });
  const board = new BoardPage(a.page);
  await board.open();
  await board.card('Stark Industries').getByRole('button', { name: 'Move Stark Industries to…' }).click();
  await expect(a.page.getByRole('menu', { name: 'Move Stark Industries to' })).toBeVisible();
  expect(await seriousInBothThemes(a.page)).toEqual({});

  await a.page.keyboard.press('Escape');
  await a.page.setViewportSize({ width: 390, height: 844 });
  await expect(board.card('Stark Industries')).toBeVisible();
  const widths = await a.page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.screen);
  await a.page.screenshot({ path: 'e2e/artifacts/board-phone.png', fullPage: true });

  await a.page.setViewportSize({ width: 1280, height: 800 });
  await a.page.goto('/settings/pipelines');
  await a.page.getByRole('form', { name: 'Deals' }).getByRole('button', { name: 'Delete lost' }).click();
  await expect(a.page.getByLabel('Move the cases of lost to')).toHaveValue('won');
  expect(await seriousInBothThemes(a.page)).toEqual({});
});
