import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { test, expect } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

/**
 * Cuts a page's sync sockets for real. `context.setOffline(true)` alone does
 * not close a WebSocket that is already open in Chromium (frames are held and
 * delivered once back online), so every /sync socket is routed through
 * Playwright and both of its ends are closed when going offline; while
 * offline, new sockets are refused, as a dead network would.
 */
class SyncLink {
  private offline = false;
  private readonly open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();

  async install(page: Page): Promise<void> {
    await page.routeWebSocket(/\/sync\//, (ws) => {
      if (this.offline) {
        void ws.close();
        return;
      }
      const server = ws.connectToServer();
      const pair = { page: ws, server };
      this.open.add(pair);
      ws.onClose(() => this.open.delete(pair));
      server.onClose(() => this.open.delete(pair));
    });
  }

  async goOffline(context: BrowserContext): Promise<void> {
    this.offline = true;
    await context.setOffline(true);
    for (const pair of [...this.open]) {
      await pair.server.close();
      await pair.page.close();
    }
    this.open.clear();
  }

  async goOnline(context: BrowserContext): Promise<void> {
    this.offline = false;
    await context.setOffline(false);
  }
}

test('edits made offline are kept and reach the others when the connection returns', async ({ team }) => {
  const { a, b } = team;
  const link = new SyncLink();
  await link.install(a.page);

  const listA = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);

  await listA.goto();
  const caseId = await listA.createCase('Hooli outage', 'support');
  await caseA.waitUntilLive();
  await caseB.goto(caseId);
  await expect(caseB.person(a.person.name)).toBeVisible();

  await caseA.typeInPlan('Online line.');
  await expect(caseB.plan).toContainText('Online line.');

  await link.goOffline(a.context);
  await expect(caseA.connection).toHaveText(
    'Offline — your edits are kept and will sync when the connection returns',
  );
  // The server saw A's socket close: A has left B's presence list.
  await expect(caseB.person(a.person.name)).toHaveCount(0);

  await caseA.typeInPlan(' Written while offline.');
  await caseA.field('Stage').fill('pending');
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
