import { useState, type FormEvent } from 'react';
import type { SavedView } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { useSubmit } from '../../lib/useSubmit';
import type { ViewState } from '../cases/listParams';
import { viewsApi } from './viewsApi';
import { useTranslation } from 'react-i18next';

/** Saves the list as it is now (filters, sort, columns, list or board) under a name, personal or shared. */
export function SaveViewDialog({ state, onSaved, onClose }: { state: ViewState; onSaved: (view: SavedView) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const saving = useSubmit(async () => {
    const view = await viewsApi.create({ name: name.trim(), shared, ...state });
    onSaved(view);
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return saving.fail(t('Give the view a name.'));
    void saving.run();
  };
  return (
    <Dialog title={t('Save view')} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted">
          {state.layout === 'board'
            ? t('Keeps this list’s filters, sort, columns and the board layout.')
            : t('Keeps this list’s filters, sort, columns and the list layout.')}
        </p>
        <TextInput label={t('Name')} value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
        <label className="views-check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> {t('Share with everyone in the workspace')}
        </label>
        <FormError message={saving.error} />
        <FormActions onCancel={onClose} submitLabel={t('Save view')} busy={saving.busy} />
      </form>
    </Dialog>
  );
}

export function RenameViewDialog({ view, onSaved, onClose }: { view: SavedView; onSaved: (view: SavedView) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(view.name);
  const saving = useSubmit(async () => onSaved(await viewsApi.update(view.id, { name: name.trim() })));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return saving.fail(t('Give the view a name.'));
    void saving.run();
  };
  return (
    <Dialog title={t('Rename view')} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextInput label={t('Name')} value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
        <FormError message={saving.error} />
        <FormActions onCancel={onClose} submitLabel={t('Rename')} busy={saving.busy} />
      </form>
    </Dialog>
  );
}
