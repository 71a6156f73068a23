import { endpoints, errorBodySchema, type Endpoint } from '@casehub/contract';
import { z } from 'zod';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;

const accessText: Record<Endpoint['access'], string> = {
  public: 'Anyone.',
  'signed-in': 'Anyone signed in (a session cookie or an API token); access to the case is checked on top.',
  members: 'Members of the workspace (guests get 404).',
  admins: 'Owners and admins of the workspace.',
  owner: 'The owner of the workspace.',
};

/** One query parameter per property of the endpoint's query schema, typed as the schema types it. */
function queryParameters(query: z.ZodObject): unknown[] {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: schema.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
  });
}

function operation(key: string, e: Endpoint): Record<string, unknown> {
  const path = key.slice(key.indexOf(' ') + 1);
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const status = String(e.status ?? 200);
  return {
    operationId: key.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toLowerCase()),
    summary: e.summary,
    description: `Who may call it: ${accessText[e.access]}`,
    'x-access': e.access,
    security: e.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
    parameters: [...params, ...(e.query ? queryParameters(e.query) : [])],
    ...(e.body && {
      requestBody: { required: true, content: { [e.bodyType ?? 'application/json']: { schema: jsonSchema(e.body, 'input') } } },
    }),
    responses: {
      [status]: e.response
        ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.response, 'output') } } }
        : e.responseType
          ? { description: 'OK', content: { [e.responseType]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: 'No content' },
      default: { description: 'Error', content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } },
    },
  };
}

let built: Record<string, unknown> | undefined;

/** GET /api/openapi.json: built once from the endpoint table in packages/contract. */
export function openApiDocument(): Record<string, unknown> {
  if (built) return built;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    const [method = '', path = ''] = key.split(' ');
    (paths[path] ??= {})[method.toLowerCase()] = operation(key, e);
  }
  built = {
    openapi: '3.0.3',
    info: {
      title: 'Casehub API',
      version: '0.1.0',
      description: 'Live sync: the y-websocket protocol at /sync/cases/{caseId}/{team|shared}. Errors are {"error": {"code", "message"}}.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'casehub_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
  return built;
}
