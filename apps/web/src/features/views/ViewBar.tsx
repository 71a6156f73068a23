import { useState } from 'react';
import type { SavedView } from '@casehub/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../lib/useSubmit';
import type { ViewState } from '../cases/listParams';
import { RenameViewDialog } from './ViewDialogs';
import { viewsApi } from './viewsApi';
import { useTranslation } from 'react-i18next';

/**
 * Above the list while a saved view is open: its name, whether the list was
 * changed since, and (for whoever may change it: its creator; for a shared
 * view also owners and admins) Save changes, Rename, Share or Stop sharing,
 * and Delete.
 */
export function ViewBar({
  view,
  state,
  changed,
  onChanged,
  onDeleted,
}: {
  view: SavedView;
  state: ViewState;
  changed: boolean;
  onChanged: (view: SavedView) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const act = useSubmit(async (patch: Parameters<typeof viewsApi.update>[1]) => onChanged(await viewsApi.update(view.id, patch)));
  return (
    <section className="view-bar" aria-label={t('View: {{name}}', { name: view.name })}>
      <div className="view-bar__title">
        <h2 className="view-bar__name">{view.name}</h2>
        <span className="muted">
          {view.shared
            ? view.createdByName
              ? t('Shared with the workspace by {{name}}', { name: view.createdByName })
              : t('Shared with the workspace')
            : t('Only you see this view')}
          {changed ? t(' · changed since saved') : ''}
        </span>
      </div>
      {view.canEdit ? (
        <div className="view-bar__actions">
          {changed ? (
            <button type="button" className="button button--primary button--small" disabled={act.busy} onClick={() => void act.run(state)}>
              {t('Save changes')}
            </button>
          ) : null}
          <button type="button" className="button button--small" onClick={() => setDialog('rename')}>
            {t('Rename')}
          </button>
          <button type="button" className="button button--small" disabled={act.busy} onClick={() => void act.run({ shared: !view.shared })}>
            {view.shared ? t('Stop sharing') : t('Share with workspace')}
          </button>
          <button type="button" className="button button--small" onClick={() => setDialog('delete')}>
            {t('Delete')}
          </button>
        </div>
      ) : null}
      <FormError message={act.error} />
      {dialog === 'rename' ? (
        <RenameViewDialog
          view={view}
          onClose={() => setDialog(null)}
          onSaved={(v) => {
            setDialog(null);
            onChanged(v);
          }}
        />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          title={t('Delete view')}
          confirmLabel={t('Delete view')}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await viewsApi.remove(view.id);
            onDeleted();
          }}
        >
          <p>
            {view.shared
              ? t('Delete “{{name}}”? Everyone in the workspace loses it. The cases stay as they are.', { name: view.name })
              : t('Delete “{{name}}”? The cases stay as they are.', { name: view.name })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
