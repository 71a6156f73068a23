import { useId, useState } from 'react';
import type { AccountSummary } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { useWorkspaceMembers } from '../workspace/members';
import { contactsApi, splitList } from './contactsApi';
import { FormActions } from '../../components/FormActions';
import { TagsAndNotes, useRecordSubmit } from './recordForm';
import { useTranslation } from 'react-i18next';

interface AccountFormDialogProps {
  account?: AccountSummary;
  onSaved: (account: AccountSummary) => void;
  onClose: () => void;
}

/** Creates or edits an account. Its name is what cases hold in their account field. */
export function AccountFormDialog({ account, onSaved, onClose }: AccountFormDialogProps) {
  const { t } = useTranslation();
  const ownerId = useId();
  const members = useWorkspaceMembers().filter((m) => m.role !== 'guest');
  const [name, setName] = useState(account?.name ?? '');
  const [domains, setDomains] = useState((account?.domains ?? []).join(', '));
  const [owner, setOwner] = useState(account?.ownerId ?? '');
  const [tags, setTags] = useState((account?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(account?.notes ?? '');
  const { nameError, error, busy, onSubmit } = useRecordSubmit(
    'account',
    name,
    () => {
      const input = { name: name.trim(), domains: splitList(domains), ownerId: owner || null, tags: splitList(tags), notes };
      return account ? contactsApi.patchAccount(account.id, input) : contactsApi.createAccount(input);
    },
    onSaved,
  );

  const label = account ? t('Edit account') : t('New account');
  return (
    <Dialog title={label} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="stack" aria-label={label}>
        <TextInput
          label={t('Name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          error={nameError}
          required
          hint={account ? t("Renaming also renames it in its cases' account field.") : undefined}
        />
        <TextInput
          label={t('Email domains')}
          value={domains}
          onChange={(e) => setDomains(e.target.value)}
          hint={t('Separated by commas, e.g. acme.com, acme.de')}
        />
        <div className="field">
          <label htmlFor={ownerId}>{t('Owner')}</label>
          <select id={ownerId} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t('Nobody')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <TagsAndNotes tags={tags} onTags={setTags} notes={notes} onNotes={setNotes} />
        <FormError message={error} />
        <FormActions onCancel={onClose} submitLabel={account ? t('Save account') : t('Create account')} busy={busy} />
      </form>
    </Dialog>
  );
}
