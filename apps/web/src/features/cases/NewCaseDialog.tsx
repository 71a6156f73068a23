import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { caseKinds, fieldSchemas, type CaseKind, type CustomValue } from '@casehub/case-document';
import { missingRequiredCustom } from '@casehub/contract';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { planTemplatesApi } from '../plan-templates/planTemplatesApi';
import { useSubmit } from '../../lib/useSubmit';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { firstIssue, kindLabel } from './format';
import { FormActions } from '../../components/FormActions';
import { fieldsOfKind, useCustomFields } from '../custom-fields/useCustomFields';
import { CustomFieldFormInputs, customForCreate } from '../custom-fields/CustomFieldInputs';
import { useWorkspaceMembers } from '../workspace/members';

export function NewCaseDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const kindId = useId();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<CaseKind>('deal');
  const [titleError, setTitleError] = useState<string | undefined>();
  const templateId = useId();
  // Plan templates (issue 15.3): a new case may start from one; one counting from the close date asks for it.
  const templates = useApi('plan-templates', (signal) => planTemplatesApi.list(signal));
  const [chosen, setChosen] = useState('');
  const [closeDate, setCloseDate] = useState('');
  const template = templates.data?.find((tpl) => tpl.id === chosen) ?? null;
  // [issue 17.3] The kind's custom fields, held here and sent with the case; required ones are checked before sending.
  const customFields = useCustomFields();
  const members = useWorkspaceMembers();
  const defs = fieldsOfKind(customFields.data, kind);
  const [custom, setCustom] = useState<Record<string, CustomValue>>({});
  const [flagMissing, setFlagMissing] = useState(false);
  const setCustomValue = (id: string, value: CustomValue | null): void =>
    setCustom((was) => {
      const { [id]: _dropped, ...rest } = was;
      return value === null ? rest : { ...rest, [id]: value };
    });
  const creating = useSubmit(async (validTitle: string, customValues: Record<string, CustomValue>) => {
    const body = { title: validTitle, kind, ...(closeDate && { closeDate }), ...(Object.keys(customValues).length > 0 && { custom: customValues }) };
    const created = template ? await planTemplatesApi.createCase(template.id, body) : await api.createCase(body);
    onClose();
    void navigate(`/cases/${encodeURIComponent(created.id)}`);
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    const parsed = fieldSchemas.title.safeParse(title);
    if (!parsed.success) {
      setTitleError(firstIssue(parsed.error));
      return;
    }
    setTitleError(undefined);
    if (template?.needsCloseDate && !closeDate) {
      creating.fail(t('“{{name}}” counts its dates from the close date: give the case one.', { name: template.name }));
      return;
    }
    const customValues = customForCreate(defs, custom);
    const missing = missingRequiredCustom(defs, kind, customValues);
    if (missing.length > 0) {
      setFlagMissing(true);
      creating.fail(t('Fill in the required fields: {{names}}.', { count: missing.length, names: missing.join(', ') }));
      return;
    }
    void creating.run(parsed.data, customValues);
  }

  return (
    <Dialog title={t('New case')} onClose={onClose}>
      <form onSubmit={submit} noValidate className="stack">
        <TextInput label={t('Title')} value={title} onChange={(e) => setTitle(e.target.value)} error={titleError} maxLength={200} />
        <div className="field">
          <label htmlFor={kindId}>{t('Kind')}</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(caseKinds.find((k) => k === e.target.value) ?? 'deal')}>
            {caseKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        {templates.data && templates.data.length > 0 ? (
          <div className="field">
            <label htmlFor={templateId}>{t('Plan template')}</label>
            <select id={templateId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('None')}</option>
              {templates.data.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <TextInput
          label={t('Close date')}
          type="date"
          value={closeDate}
          onChange={(e) => setCloseDate(e.target.value)}
          hint={template?.needsCloseDate ? t('Needed: the template counts its dates from it.') : t('Optional.')}
        />
        <CustomFieldFormInputs defs={defs} values={custom} members={members} onChange={setCustomValue} flagMissing={flagMissing} />
        <FormError message={creating.error} />
        <FormActions onCancel={onClose} submitLabel={t('Create case')} busy={creating.busy} busyLabel={t('Creating…')} />
      </form>
    </Dialog>
  );
}
