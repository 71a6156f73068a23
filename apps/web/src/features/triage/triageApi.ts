import { call } from '../../lib/api';

export type TriageView = 'inbox' | 'spam';

/** Says that triage changed here (filed, new case, spam), so the navigation's count asks again at once. */
export const triageChanged = (): void => {
  window.dispatchEvent(new Event('casehub:triage-changed'));
};

/** The triage queue (issue 21.6): mail that matched no case. Members only; guests are answered 404. */
export const triageApi = {
  list: async (view: TriageView, signal?: AbortSignal) => (await call('GET /api/triage/emails', { query: { view, limit: 200 }, signal })).emails,
  count: async (signal?: AbortSignal) => (await call('GET /api/triage/count', { signal })).count,
  address: async (signal?: AbortSignal) => (await call('GET /api/triage/address', { signal })).address,
  file: (id: string, caseId: string) => call('POST /api/triage/emails/{id}/file', { params: { id }, body: { caseId } }),
  createCase: (id: string, body: { title: string; kind: 'deal' | 'support' }) => call('POST /api/triage/emails/{id}/case', { params: { id }, body }),
  setSpam: (id: string, spam: boolean) =>
    spam ? call('PUT /api/triage/emails/{id}/spam', { params: { id } }) : call('DELETE /api/triage/emails/{id}/spam', { params: { id } }),
};
