import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../../http/context.js';
import { errorBody } from '../../http/errors.js';
import type { Metrics } from './service.js';
import { routes } from '../../http/endpoint.js';

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `GET /metrics` (DESIGN §10): Prometheus text; with METRICS_TOKEN set, only for `Authorization: Bearer <it>`. */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  return routes((on) => {
    on('GET /metrics', async (c) => {
      if (token) {
        const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (!given || !sameSecret(given, token)) {
          return c.json(errorBody('unauthenticated', 'Metrics need Authorization: Bearer <METRICS_TOKEN>'), 401, {
            'www-authenticate': 'Bearer realm="metrics"',
          });
        }
      }
      return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    });
  }, '');
}

/**
 * Counts every answer by the route pattern that answered it (`/api/cases/:id`,
 * never the path itself, so the label set stays small), or `unmatched`.
 */
export const requestMetrics = (metrics: Metrics) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // The route that answered: the last handler that ran (matchedRoutes also lists later ones that did not).
      const answered = matchedRoutes(c)[c.req.routeIndex];
      const route = answered && answered.method !== 'ALL' ? answered.path : 'unmatched';
      metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
    }
  });
