import type { ApplyTemplateInput, CaseCreateInput, PlanTemplateInput } from '@casehub/contract';
import { call } from '../../lib/api';

/** Plan templates (issue 15.3): members read and apply them, owners and admins write them. */
export const planTemplatesApi = {
  list: async (signal?: AbortSignal) => (await call('GET /api/plan-templates', { signal })).templates,
  create: (body: PlanTemplateInput) => call('POST /api/plan-templates', { body }),
  update: (id: string, body: Partial<PlanTemplateInput>) => call('PATCH /api/plan-templates/{id}', { params: { id }, body }),
  remove: (id: string) => call('DELETE /api/plan-templates/{id}', { params: { id } }),
  apply: (caseId: string, body: ApplyTemplateInput) => call('POST /api/cases/{id}/apply-template', { params: { id: caseId }, body }),
  saveFromCase: (caseId: string, body: { name: string; description?: string }) =>
    call('POST /api/cases/{id}/save-as-template', { params: { id: caseId }, body }),
  createCase: (templateId: string, body: Pick<CaseCreateInput, 'title' | 'kind'> & Partial<CaseCreateInput>) =>
    call('POST /api/plan-templates/{id}/cases', { params: { id: templateId }, body }),
};
