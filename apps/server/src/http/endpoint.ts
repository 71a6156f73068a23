import { endpoints, type Endpoint, type EndpointKey } from '@casehub/contract';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './context.js';
import { parseJson, parseQuery } from './validate.js';

type Spec<K extends EndpointKey> = (typeof endpoints)[K];
/** The names in a path's {braces}: 'GET /api/cases/{id}' → 'id'. */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;
/** A JSON body's parsed value; endpoints without one, or whose body is not JSON, have none to parse. */
type BodyOf<K extends EndpointKey> = Spec<K> extends { bodyType: string } ? never : Spec<K> extends { body: infer B extends z.ZodType } ? z.output<B> : never;
type QueryOf<K extends EndpointKey> = Spec<K> extends { query: infer Q extends z.ZodType } ? z.output<Q> : never;

/** What a handler gets besides Hono's context: everything its entry in the endpoint table declares, parsed. */
export type Input<K extends EndpointKey> = {
  params: Record<PathParams<K>, string>;
  /** The JSON body, checked against the endpoint's `body` schema (bad input is a 400 naming the field). */
  body(): Promise<BodyOf<K>>;
  /** The query, checked against the endpoint's `query` schema. */
  query(): QueryOf<K>;
};

export type Handler<K extends EndpointKey> = (c: Context<AppEnv>, input: Input<K>) => Response | Promise<Response>;
export type On = <K extends EndpointKey>(key: K, handler: Handler<K>) => void;

/**
 * [issue 19.3] A module's routes, each named by its key in the endpoint
 * table of packages/contract (`'PATCH /api/cases/{id}'`): the path, its
 * parameters, the body and query schemas, the answer and the access are
 * declared there once; a key that is not in the table does not compile.
 * The access is enforced before the handler runs (middleware.ts
 * `declaredAccess`). Mounted under `prefix`.
 */
export function routes(define: (on: On) => void, prefix = '/api'): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on: On = (key, handler) => {
    const spec: Endpoint = endpoints[key];
    const space = key.indexOf(' ');
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    if (!path.startsWith(prefix)) throw new Error(`${key} is not under ${prefix}`);
    app.on(method, path.slice(prefix.length).replace(/\{(\w+)\}/g, ':$1') || '/', (c) =>
      handler(c, {
        params: c.req.param() as Input<typeof key>['params'],
        body: async () => {
          if (!spec.body || spec.bodyType) throw new Error(`${key} declares no JSON body`);
          return (await parseJson(c, spec.body)) as BodyOf<typeof key>;
        },
        query: () => {
          if (!spec.query) throw new Error(`${key} declares no query`);
          return parseQuery(c, spec.query) as QueryOf<typeof key>;
        },
      }),
    );
  };
  define(on);
  return app;
}
