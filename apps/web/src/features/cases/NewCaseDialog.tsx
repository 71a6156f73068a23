import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { caseKinds, fieldSchemas, type CaseKind, type CustomValue } from '@casehub/case-document';
import { missingRequiredCustom } from '@casehub/contract';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { planTemplatesApi } from '../plan-templates/planTemplatesApi';
import { useSubmit } from '../../lib/useSubmit';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { capitalize } from './format';
import { FormActions } from '../../components/FormActions';
import { fieldsOfKind, useCustomFields } from '../custom-fields/useCustomFields';
import { CustomFieldFormInputs, customForCreate } from '../custom-fields/CustomFieldInputs';
import { useWorkspaceMembers } from '../workspace/members';

export function NewCaseDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const kindId = useId();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<CaseKind>('deal');
  const [titleError, setTitleError] = useState<string | undefined>();
  const templateId = useId();
  // Plan templates (issue 15.3): a new case may start from one; one counting from the close date asks for it.
  const templates = useApi('plan-templates', (signal) => planTemplatesApi.list(signal));
  const [chosen, setChosen] = useState('');
  const [closeDate, setCloseDate] = useState('');
  const template = templates.data?.find((t) => t.id === chosen) ?? null;
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
      setTitleError(parsed.error.issues[0]?.message ?? 'invalid title');
      return;
    }
    setTitleError(undefined);
    if (template?.needsCloseDate && !closeDate) {
      creating.fail(`“${template.name}” counts its dates from the close date: give the case one.`);
      return;
    }
    const customValues = customForCreate(defs, custom);
    const missing = missingRequiredCustom(defs, kind, customValues);
    if (missing.length > 0) {
      setFlagMissing(true);
      creating.fail(`Fill in the required ${missing.length === 1 ? 'field' : 'fields'}: ${missing.join(', ')}.`);
      return;
    }
    void creating.run(parsed.data, customValues);
  }

  return (
    <Dialog title="New case" onClose={onClose}>
      <form onSubmit={submit} noValidate className="stack">
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={titleError} maxLength={200} />
        <div className="field">
          <label htmlFor={kindId}>Kind</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(caseKinds.find((k) => k === e.target.value) ?? 'deal')}>
            {caseKinds.map((k) => (
              <option key={k} value={k}>
                {capitalize(k)}
              </option>
            ))}
          </select>
        </div>
        {templates.data && templates.data.length > 0 ? (
          <div className="field">
            <label htmlFor={templateId}>Plan template</label>
            <select id={templateId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">None</option>
              {templates.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <TextInput
          label="Close date"
          type="date"
          value={closeDate}
          onChange={(e) => setCloseDate(e.target.value)}
          hint={template?.needsCloseDate ? 'Needed: the template counts its dates from it.' : 'Optional.'}
        />
        <CustomFieldFormInputs defs={defs} values={custom} members={members} onChange={setCustomValue} flagMissing={flagMissing} />
        <FormError message={creating.error} />
        <FormActions onCancel={onClose} submitLabel="Create case" busy={creating.busy} busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}
