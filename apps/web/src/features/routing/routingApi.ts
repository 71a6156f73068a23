import {
  responseTargets,
  routingRule,
  routingRulesResponse,
  routingTeam,
  routingTeamsResponse,
  type ResponseTargets,
  type RoutingRuleInput,
} from '@casehub/contract';
import { z } from 'zod';
import { empty, json } from '../../lib/api';

const enc = encodeURIComponent;
const caseOption = z.object({ id: z.string(), title: z.string() });
const caseOptions = z.object({ cases: z.array(caseOption) });

/** Routing rules, teams and first-response targets (settings → Routing). */
export const routingApi = {
  rules: async (signal?: AbortSignal) => (await json(routingRulesResponse, 'GET', '/api/routing/rules', undefined, signal)).rules,
  createRule: (input: RoutingRuleInput) => json(routingRule, 'POST', '/api/routing/rules', input),
  updateRule: (id: string, patch: Partial<RoutingRuleInput>) => json(routingRule, 'PATCH', `/api/routing/rules/${enc(id)}`, patch),
  deleteRule: (id: string) => empty('DELETE', `/api/routing/rules/${enc(id)}`),
  reorder: async (ids: string[]) => (await json(routingRulesResponse, 'POST', '/api/routing/rules/reorder', { ids })).rules,
  teams: async (signal?: AbortSignal) => (await json(routingTeamsResponse, 'GET', '/api/routing/teams', undefined, signal)).teams,
  createTeam: (input: { name: string; memberIds: string[] }) => json(routingTeam, 'POST', '/api/routing/teams', input),
  updateTeam: (id: string, input: { name: string; memberIds: string[] }) => json(routingTeam, 'PUT', `/api/routing/teams/${enc(id)}`, input),
  deleteTeam: (id: string) => empty('DELETE', `/api/routing/teams/${enc(id)}`),
  targets: (signal?: AbortSignal) => json(responseTargets, 'GET', '/api/settings/response-targets', undefined, signal),
  saveTargets: (targets: ResponseTargets) => json(responseTargets, 'PUT', '/api/settings/response-targets', targets),
  /** Cases a rule may file mail on, by title. */
  findCases: async (q: string, signal?: AbortSignal) =>
    (await json(caseOptions, 'GET', `/api/cases?limit=20&q=${enc(q)}`, undefined, signal)).cases,
};
