import { mailAddressResponse, triageCountResponse, triageFileResponse, triageListResponse, triageSpamResponse } from '@casehub/contract';
import { z } from 'zod';
import { json } from '../../lib/api';

const enc = encodeURIComponent;
export type TriageView = 'inbox' | 'spam';

/** Says that triage changed here (filed, new case, spam), so the navigation's count asks again at once. */
export const triageChanged = (): void => {
  window.dispatchEvent(new Event('casehub:triage-changed'));
};

/** The triage queue (issue 21.6): mail that matched no case. Members only; guests are answered 404. */
export const triageApi = {
  list: async (view: TriageView, signal?: AbortSignal) =>
    (await json(triageListResponse, 'GET', `/api/triage/emails?view=${view}&limit=200`, undefined, signal)).emails,
  count: async (signal?: AbortSignal) => (await json(triageCountResponse, 'GET', '/api/triage/count', undefined, signal)).count,
  address: async (signal?: AbortSignal) => (await json(mailAddressResponse, 'GET', '/api/triage/address', undefined, signal)).address,
  file: (emailId: string, caseId: string) => json(triageFileResponse, 'POST', `/api/triage/emails/${enc(emailId)}/file`, { caseId }),
  createCase: (emailId: string, input: { title: string; kind: 'deal' | 'support' }) =>
    json(triageFileResponse.extend({ title: z.string() }), 'POST', `/api/triage/emails/${enc(emailId)}/case`, input),
  setSpam: (emailId: string, spam: boolean) => json(triageSpamResponse, spam ? 'PUT' : 'DELETE', `/api/triage/emails/${enc(emailId)}/spam`, spam ? {} : undefined),
};
