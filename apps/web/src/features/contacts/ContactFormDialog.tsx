import { useId, useState } from 'react';
import type { ContactSummary } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { useApi } from '../../lib/useApi';
import { contactsApi, splitList } from './contactsApi';
import { FormActions } from '../../components/FormActions';
import { TagsAndNotes, useRecordSubmit } from './recordForm';
import { useTranslation } from 'react-i18next';

interface ContactFormDialogProps {
  /** Editing this contact; absent: creating one. */
  contact?: ContactSummary;
  /** A new contact starts at this account (from an account's page). */
  accountId?: string;
  onSaved: (contact: ContactSummary) => void;
  onClose: () => void;
}

/** Creates or edits a contact: name, title, account, addresses (the first is primary), phone, tags, notes. */
export function ContactFormDialog({ contact, accountId, onSaved, onClose }: ContactFormDialogProps) {
  const { t } = useTranslation();
  const ids = { account: useId(), emails: useId() };
  const accounts = useApi('contact-form-accounts', (signal) => contactsApi.listAccounts({ limit: 200 }, signal));
  const [name, setName] = useState(contact?.name ?? '');
  const [title, setTitle] = useState(contact?.title ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [account, setAccount] = useState(contact?.accountId ?? accountId ?? '');
  const [emails, setEmails] = useState((contact?.emails ?? []).join('\n'));
  const [tags, setTags] = useState((contact?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const { nameError, error, busy, onSubmit } = useRecordSubmit(
    'contact',
    name,
    () => {
      const input = {
        name: name.trim(),
        title: title.trim(),
        phone: phone.trim(),
        accountId: account || null,
        emails: splitList(emails.toLowerCase()),
        tags: splitList(tags),
        notes,
      };
      return contact ? contactsApi.patchContact(contact.id, input) : contactsApi.createContact(input);
    },
    onSaved,
  );

  const label = contact ? t('Edit contact') : t('New contact');
  return (
    <Dialog title={label} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="stack" aria-label={label}>
        <TextInput label={t('Name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} error={nameError} required />
        <div className="field-row">
          <TextInput label={t('Title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder={t('CFO')} />
          <TextInput label={t('Phone')} value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={60} />
        </div>
        <div className="field">
          <label htmlFor={ids.account}>{t('Account')}</label>
          <select id={ids.account} value={account} onChange={(e) => setAccount(e.target.value)}>
            <option value="">{t('No account')}</option>
            {(accounts.data?.accounts ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            {account && accounts.data && !accounts.data.accounts.some((a) => a.id === account) ? (
              <option value={account}>{contact?.accountName ?? t('Current account')}</option>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.emails}>{t('Email addresses')}</label>
          <textarea id={ids.emails} rows={2} value={emails} onChange={(e) => setEmails(e.target.value)} aria-describedby={`${ids.emails}-hint`} />
          <p id={`${ids.emails}-hint`} className="field__hint">
            {t('One per line or separated by commas; the first is the primary address.')}
          </p>
        </div>
        <TagsAndNotes tags={tags} onTags={setTags} notes={notes} onNotes={setNotes} />
        <FormError message={error} />
        <FormActions onCancel={onClose} submitLabel={contact ? t('Save contact') : t('Create contact')} busy={busy} />
      </form>
    </Dialog>
  );
}
