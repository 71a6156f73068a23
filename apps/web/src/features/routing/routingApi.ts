import type { ResponseTargets, RoutingRuleInput } from '@casehub/contract';
import { call } from '../../lib/api';

/** Routing rules, teams and first-response targets (settings → Routing). */
export const routingApi = {
  rules: async (signal?: AbortSignal) => (await call('GET /api/routing/rules', { signal })).rules,
  createRule: (body: RoutingRuleInput) => call('POST /api/routing/rules', { body }),
  updateRule: (id: string, body: Partial<RoutingRuleInput>) => call('PATCH /api/routing/rules/{id}', { params: { id }, body }),
  deleteRule: (id: string) => call('DELETE /api/routing/rules/{id}', { params: { id } }),
  reorder: async (ids: string[]) => (await call('POST /api/routing/rules/reorder', { body: { ids } })).rules,
  teams: async (signal?: AbortSignal) => (await call('GET /api/routing/teams', { signal })).teams,
  createTeam: (body: { name: string; memberIds: string[] }) => call('POST /api/routing/teams', { body }),
  updateTeam: (id: string, body: { name: string; memberIds: string[] }) => call('PUT /api/routing/teams/{id}', { params: { id }, body }),
  deleteTeam: (id: string) => call('DELETE /api/routing/teams/{id}', { params: { id } }),
  targets: (signal?: AbortSignal) => call('GET /api/settings/response-targets', { signal }),
  saveTargets: (body: ResponseTargets) => call('PUT /api/settings/response-targets', { body }),
  /** Cases a rule may file mail on, by title. */
  findCases: async (q: string, signal?: AbortSignal) => (await call('GET /api/cases', { query: { limit: 20, q }, signal })).cases,
};
