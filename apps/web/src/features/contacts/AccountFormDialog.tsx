import { useId, useState, type FormEvent } from 'react';
import type { AccountSummary } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { errorMessage } from '../../lib/api';
import { useWorkspaceMembers } from '../workspace/members';
import { contactsApi, splitList } from './contactsApi';
import { FormActions } from '../../components/FormActions';

interface AccountFormDialogProps {
  account?: AccountSummary;
  onSaved: (account: AccountSummary) => void;
  onClose: () => void;
}

/** Creates or edits an account. Its name is what cases hold in their account field. */
export function AccountFormDialog({ account, onSaved, onClose }: AccountFormDialogProps) {
  const ids = { owner: useId(), notes: useId() };
  const members = useWorkspaceMembers().filter((m) => m.role !== 'guest');
  const [name, setName] = useState(account?.name ?? '');
  const [domains, setDomains] = useState((account?.domains ?? []).join(', '));
  const [owner, setOwner] = useState(account?.ownerId ?? '');
  const [tags, setTags] = useState((account?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(account?.notes ?? '');
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    if (!name.trim()) {
      setNameError('Give the account a name.');
      return;
    }
    setNameError(undefined);
    setBusy(true);
    const input = { name: name.trim(), domains: splitList(domains), ownerId: owner || null, tags: splitList(tags), notes };
    try {
      onSaved(account ? await contactsApi.patchAccount(account.id, input) : await contactsApi.createAccount(input));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const label = account ? 'Edit account' : 'New account';
  return (
    <Dialog title={label} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack" aria-label={label}>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          error={nameError}
          required
          hint={account ? "Renaming also renames it in its cases' account field." : undefined}
        />
        <TextInput label="Email domains" value={domains} onChange={(e) => setDomains(e.target.value)} hint="Separated by commas, e.g. acme.com, acme.de" />
        <div className="field">
          <label htmlFor={ids.owner}>Owner</label>
          <select id={ids.owner} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Nobody</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <TextInput label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Separated by commas, e.g. EMEA, renewal" />
        <div className="field">
          <label htmlFor={ids.notes}>Notes</label>
          <textarea id={ids.notes} rows={3} value={notes} maxLength={10_000} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <FormError message={error} />
        <FormActions onCancel={onClose} submitLabel={account ? 'Save account' : 'Create account'} busy={busy} />
      </form>
    </Dialog>
  );
}
