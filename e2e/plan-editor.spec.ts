import { test, expect, caseOpenForBoth } from './fixtures';

test('the plan toolbar formats text, and undo only undoes my own change', async ({ team }) => {
  const { a } = team;
  const { caseA, caseB } = await caseOpenForBoth(team, 'Stark onboarding');

  const toolbar = a.page.getByRole('toolbar', { name: 'Formatting' });
  await caseA.typeInPlan('Goals');
  await toolbar.getByRole('button', { name: 'Heading 1' }).click();
  await expect(caseA.plan.getByRole('heading', { level: 1, name: 'Goals' })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Heading 1' })).toHaveAttribute('aria-pressed', 'true');

  await a.page.keyboard.press('End');
  await a.page.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Checklist' }).click();
  await a.page.keyboard.type('Send the security questionnaire');
  await expect(caseA.plan.getByRole('checkbox')).toHaveCount(1);
  await expect(caseB.plan.getByRole('heading', { level: 1, name: 'Goals' })).toBeVisible();
  await expect(caseB.plan.getByRole('listitem')).toContainText('Send the security questionnaire');

  // B adds a line; A's undo removes A's last change but keeps B's line.
  await caseB.typeInPlan(' (Bob)');
  await expect(caseA.plan).toContainText('(Bob)');
  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect(caseB.plan).toContainText('(Bob)');
  await expect(caseB.plan).not.toContainText('Send the security questionnaire');
  await toolbar.getByRole('button', { name: 'Redo' }).click();
  await expect(caseB.plan).toContainText('Send the security questionnaire');
});
