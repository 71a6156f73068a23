import { streamSSE } from 'hono/streaming';
import { AppError } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import type { NotificationFeed } from './feed.js';
import type { NotificationsService } from './service.js';
import { routes } from '../../http/endpoint.js';

/** A stream ends after this long (the browser's EventSource reconnects), so no connection lives forever. */
const streamLifetimeMs = 5 * 60_000;
const keepAliveMs = 20_000;

export function notificationRoutes(notifications: NotificationsService, feed: NotificationFeed) {
  return routes((on) => {
    on('GET /api/notifications', async (c) => c.json(await notifications.list(requireActor(c))));
    on('GET /api/notifications/stream', (c) => {
      const actor = requireActor(c);
      const release = feed.holdStream(actor.userId);
      if (!release) throw new AppError('rate_limited', 'Too many notification streams open for you (MAX_STREAMS_PER_USER); close some tabs');
      c.header('cache-control', 'no-store');
      // Proxies (nginx) must pass events through as they come.
      c.header('x-accel-buffering', 'no');
      return streamSSE(c, async (stream) => {
        let done = false;
        let wakeUp: () => void = () => {};
        const finish = (): void => {
          done = true;
          wakeUp();
        };
        const unsubscribe = feed.subscribe(
          actor,
          (unread) => {
            stream.writeSSE({ event: 'unread', data: JSON.stringify({ unread }) }).catch(finish);
          },
          finish,
        );
        stream.onAbort(finish);
        const ends = Date.now() + streamLifetimeMs;
        try {
          await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
          while (!done && Date.now() < ends) {
            await new Promise<void>((resolve) => {
              wakeUp = resolve;
              setTimeout(resolve, Math.min(keepAliveMs, ends - Date.now())).unref();
            });
            if (!done) await stream.write(': keep-alive\n\n');
          }
        } finally {
          unsubscribe();
          release();
        }
      });
    });
    on('POST /api/notifications/{id}/read', async (c, { params }) => {
      await notifications.markRead(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/notifications/read-all', async (c) => {
      await notifications.markAllRead(requireActor(c));
      return c.body(null, 204);
    });
  });
}
