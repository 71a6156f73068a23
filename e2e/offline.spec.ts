import { test, expect, caseOpenForBoth } from './fixtures';
import { SyncLink } from './support/SyncLink';

test('edits made offline are kept and reach the others when the connection returns', async ({ team }) => {
  const { a, b } = team;
  const link = new SyncLink();
  await link.install(a.page);

  const { caseA, caseB } = await caseOpenForBoth(team, 'Hooli outage', 'support');
  await expect(caseB.person(a.person.name)).toBeVisible();

  await caseA.typeInPlan('Online line.');
  await expect(caseB.plan).toContainText('Online line.');
  // The server has acknowledged A's edits: nothing is left unsaved when the link drops.
  await expect(caseA.connection).toHaveText('Live');

  await link.goOffline(a.context);
  await expect(caseA.connection).toHaveText('Offline — your edits are kept and will sync when the connection returns');
  // The server saw A's socket close: A has left B's presence list.
  await expect(caseB.person(a.person.name)).toHaveCount(0);

  await caseA.typeInPlan(' Written while offline.');
  await caseA.field('Stage').selectOption('pending');
  await expect(caseA.plan).toContainText('Written while offline.');
  await a.page.screenshot({ path: 'e2e/artifacts/offline-a.png', fullPage: true });
  await expect(caseB.plan).not.toContainText('Written while offline.');

  await link.goOnline(a.context);
  await expect(caseA.connection).toHaveText('Live');
  await expect(caseB.plan).toContainText('Online line. Written while offline.');
  await expect(caseB.field('Stage')).toHaveValue('pending');
  await expect(caseB.person(a.person.name)).toBeVisible();

  // And it was stored: a fresh load of B's page has it.
  await b.page.reload();
  await caseB.waitUntilLive();
  await expect(caseB.plan).toContainText('Written while offline.');
  await b.page.screenshot({ path: 'e2e/artifacts/offline-b-after-sync.png', fullPage: true });
});
