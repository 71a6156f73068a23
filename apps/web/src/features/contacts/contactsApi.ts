import { msg } from '../../i18n';
import type { AccountInput, AccountPatch, ContactInput, ContactPatch, StakeholderInput } from '@casehub/contract';
import { call } from '../../lib/api';

export type SegmentTarget = 'accounts' | 'contacts';
/** A list's filter as it stands in the URL and in a saved filter. */
export type SegmentQuery = { q?: string; tag?: string; accountId?: string };
export type PageQuery = SegmentQuery & { limit?: number; offset?: number };

/** Accounts, contacts, stakeholder maps and saved filters (modules/contacts on the server). */
export const contactsApi = {
  listAccounts: (query: PageQuery, signal?: AbortSignal) => call('GET /api/accounts', { query, signal }),
  getAccount: (id: string, signal?: AbortSignal) => call('GET /api/accounts/{id}', { params: { id }, signal }),
  createAccount: (body: AccountInput) => call('POST /api/accounts', { body }),
  patchAccount: (id: string, body: AccountPatch) => call('PATCH /api/accounts/{id}', { params: { id }, body }),
  deleteAccount: (id: string) => call('DELETE /api/accounts/{id}', { params: { id } }),
  mergeAccount: (id: string, otherId: string) => call('POST /api/accounts/{id}/merge', { params: { id }, body: { otherId } }),

  listContacts: (query: PageQuery, signal?: AbortSignal) => call('GET /api/contacts', { query, signal }),
  getContact: (id: string, signal?: AbortSignal) => call('GET /api/contacts/{id}', { params: { id }, signal }),
  contactHistory: (id: string, signal?: AbortSignal) => call('GET /api/contacts/{id}/history', { params: { id }, signal }),
  createContact: (body: ContactInput) => call('POST /api/contacts', { body }),
  patchContact: (id: string, body: ContactPatch) => call('PATCH /api/contacts/{id}', { params: { id }, body }),
  deleteContact: (id: string) => call('DELETE /api/contacts/{id}', { params: { id } }),
  mergeContact: (id: string, otherId: string) => call('POST /api/contacts/{id}/merge', { params: { id }, body: { otherId } }),

  stakeholders: async (id: string, signal?: AbortSignal) => (await call('GET /api/cases/{id}/contacts', { params: { id }, signal })).stakeholders,
  setStakeholder: (id: string, contactId: string, body: StakeholderInput) =>
    call('PUT /api/cases/{id}/contacts/{contactId}', { params: { id, contactId }, body }),
  removeStakeholder: (id: string, contactId: string) => call('DELETE /api/cases/{id}/contacts/{contactId}', { params: { id, contactId } }),

  savedFilters: async (target: SegmentTarget, signal?: AbortSignal) => (await call('GET /api/saved-filters', { query: { target }, signal })).filters,
  saveFilter: (target: SegmentTarget, name: string, query: SegmentQuery) => call('POST /api/saved-filters', { body: { target, name, query } }),
  deleteFilter: (id: string) => call('DELETE /api/saved-filters/{id}', { params: { id } }),
};

/** "a, b\nc" → ["a", "b", "c"]: how tags, domains and addresses are typed into one box. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Shown with t(). */
export const stakeholderRoleLabels = {
  'decision-maker': msg('Decision maker'),
  champion: msg('Champion'),
  influencer: msg('Influencer'),
  blocker: msg('Blocker'),
  user: msg('User'),
} as const;
