import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';

/**
 * Cuts a page's sync sockets for real. `context.setOffline(true)` alone does
 * not close a WebSocket that is already open in Chromium (frames are held and
 * delivered once back online), so every /sync socket is routed through
 * Playwright and both of its ends are closed when going offline; while
 * offline, new sockets are refused, as a dead network would.
 */
export class SyncLink {
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
    // Closed before the context goes offline: a close frame sent once it is offline is held like any frame
    // (a whole-suite run saw the server keep A's socket, and B keep A's presence, for more than 10 s).
    for (const pair of [...this.open]) {
      await pair.server.close();
      await pair.page.close();
    }
    this.open.clear();
    await context.setOffline(true);
  }

  async goOnline(context: BrowserContext): Promise<void> {
    this.offline = false;
    await context.setOffline(false);
  }
}
