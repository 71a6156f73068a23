import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { caseKinds, fieldSchemas, type CaseKind } from '@casehub/case-document';
import { api, errorMessage } from '../../lib/api';
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
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setFormError(null);
    const parsed = fieldSchemas.title.safeParse(title);
    if (!parsed.success) {
      setTitleError(parsed.error.issues[0]?.message ?? 'invalid title');
      return;
    }
    setTitleError(undefined);
    setBusy(true);
    try {
      const created = await api.createCase({ title: parsed.data, kind });
      onClose();
      void navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setFormError(errorMessage(err));
      setBusy(false);
    }
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
        <FormError message={formError} />
        <FormActions onCancel={onClose} submitLabel="Create case" busy={busy} busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}
