import {
  accountDetail,
  accountListResponse,
  accountSummary,
  contactHistory,
  contactListResponse,
  contactSummary,
  savedFilter,
  savedFilterListResponse,
  stakeholder,
  stakeholderListResponse,
  type AccountInput,
  type AccountPatch,
  type ContactInput,
  type ContactPatch,
  type StakeholderInput,
} from '@casehub/contract';
import { empty, json } from '../../lib/api';
import { queryString } from '../../lib/queryString';

const enc = encodeURIComponent;

export type SegmentTarget = 'accounts' | 'contacts';
/** A list's filter as it stands in the URL and in a saved filter. */
export type SegmentQuery = { q?: string; tag?: string; accountId?: string };
export type PageQuery = SegmentQuery & { limit?: number; offset?: number };


/** Accounts, contacts, stakeholder maps and saved filters (modules/contacts on the server). */
export const contactsApi = {
  listAccounts: (query: PageQuery, signal?: AbortSignal) =>
    json(accountListResponse, 'GET', `/api/accounts${queryString(query)}`, undefined, signal),
  getAccount: (id: string, signal?: AbortSignal) => json(accountDetail, 'GET', `/api/accounts/${enc(id)}`, undefined, signal),
  createAccount: (input: AccountInput) => json(accountSummary, 'POST', '/api/accounts', input),
  patchAccount: (id: string, patch: AccountPatch) => json(accountSummary, 'PATCH', `/api/accounts/${enc(id)}`, patch),
  deleteAccount: (id: string) => empty('DELETE', `/api/accounts/${enc(id)}`),
  mergeAccount: (id: string, otherId: string) => json(accountDetail, 'POST', `/api/accounts/${enc(id)}/merge`, { otherId }),

  listContacts: (query: PageQuery, signal?: AbortSignal) =>
    json(contactListResponse, 'GET', `/api/contacts${queryString(query)}`, undefined, signal),
  getContact: (id: string, signal?: AbortSignal) => json(contactSummary, 'GET', `/api/contacts/${enc(id)}`, undefined, signal),
  contactHistory: (id: string, signal?: AbortSignal) => json(contactHistory, 'GET', `/api/contacts/${enc(id)}/history`, undefined, signal),
  createContact: (input: ContactInput) => json(contactSummary, 'POST', '/api/contacts', input),
  patchContact: (id: string, patch: ContactPatch) => json(contactSummary, 'PATCH', `/api/contacts/${enc(id)}`, patch),
  deleteContact: (id: string) => empty('DELETE', `/api/contacts/${enc(id)}`),
  mergeContact: (id: string, otherId: string) => json(contactSummary, 'POST', `/api/contacts/${enc(id)}/merge`, { otherId }),

  stakeholders: async (caseId: string, signal?: AbortSignal) =>
    (await json(stakeholderListResponse, 'GET', `/api/cases/${enc(caseId)}/contacts`, undefined, signal)).stakeholders,
  setStakeholder: (caseId: string, contactId: string, input: StakeholderInput) =>
    json(stakeholder, 'PUT', `/api/cases/${enc(caseId)}/contacts/${enc(contactId)}`, input),
  removeStakeholder: (caseId: string, contactId: string) => empty('DELETE', `/api/cases/${enc(caseId)}/contacts/${enc(contactId)}`),

  savedFilters: async (target: SegmentTarget, signal?: AbortSignal) =>
    (await json(savedFilterListResponse, 'GET', `/api/saved-filters?target=${target}`, undefined, signal)).filters,
  saveFilter: (target: SegmentTarget, name: string, query: SegmentQuery) => json(savedFilter, 'POST', '/api/saved-filters', { target, name, query }),
  deleteFilter: (id: string) => empty('DELETE', `/api/saved-filters/${enc(id)}`),
};

/** "a, b\nc" → ["a", "b", "c"]: how tags, domains and addresses are typed into one box. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n;]/)
    .map((s) => s.trim())
    .filter(Boolean);

export const stakeholderRoleLabels = {
  'decision-maker': 'Decision maker',
  champion: 'Champion',
  influencer: 'Influencer',
  blocker: 'Blocker',
  user: 'User',
} as const;

