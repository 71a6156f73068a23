import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { caseKinds, fieldSchemas, type CaseKind } from '@casehub/case-document';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { capitalize } from './format';
import { FormActions } from '../../components/FormActions';

export function NewCaseDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const kindId = useId();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<CaseKind>('deal');
  const [titleError, setTitleError] = useState<string | undefined>();
  const creating = useSubmit(async (validTitle: string) => {
    const created = await api.createCase({ title: validTitle, kind });
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
    void creating.run(parsed.data);
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
        <FormError message={creating.error} />
        <FormActions onCancel={onClose} submitLabel="Create case" busy={creating.busy} busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}
