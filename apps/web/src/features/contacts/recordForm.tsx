import { useId, useState, type FormEvent } from 'react';
import { TextInput } from '../../components/TextInput';
import { useSubmit } from '../../lib/useSubmit';
import { useTranslation } from 'react-i18next';

/**
 * What the account and contact dialogs share when saving: a name is
 * required (said at the field), and a failed save is shown with the form
 * kept as typed.
 */
export function useRecordSubmit<T>(what: 'account' | 'contact', name: string, save: () => Promise<T>, onSaved: (record: T) => void) {
  const { t } = useTranslation();
  const [nameError, setNameError] = useState<string | undefined>();
  const saving = useSubmit(async () => onSaved(await save()));

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(what === 'account' ? t('Give the account a name.') : t('Give the contact a name.'));
      return;
    }
    setNameError(undefined);
    void saving.run();
  }

  return { nameError, error: saving.error, busy: saving.busy, onSubmit };
}

interface TagsAndNotesProps {
  tags: string;
  onTags: (tags: string) => void;
  notes: string;
  onNotes: (notes: string) => void;
}

/** The last two fields of both dialogs. */
export function TagsAndNotes({ tags, onTags, notes, onNotes }: TagsAndNotesProps) {
  const { t } = useTranslation();
  const notesId = useId();
  return (
    <>
      <TextInput label={t('Tags')} value={tags} onChange={(e) => onTags(e.target.value)} hint={t('Separated by commas, e.g. EMEA, renewal')} />
      <div className="field">
        <label htmlFor={notesId}>{t('Notes')}</label>
        <textarea id={notesId} rows={3} value={notes} maxLength={10_000} onChange={(e) => onNotes(e.target.value)} />
      </div>
    </>
  );
}
