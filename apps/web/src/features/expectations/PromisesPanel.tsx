import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WorkspaceMember } from '@casehub/contract';
import { useSubmit } from '../../lib/useSubmit';
import { useMe } from '../auth/session';
import { expectationsApi, type ExpectationEdit } from './expectationsApi';
import { usePromiseComposer } from './composer';
import { PromiseFormDialog } from './PromiseFormDialog';
import { StatusChip, formatDue } from './status';
import type { CaseExpectation } from './useExpectations';
import { FormError } from '../../components/FormError';
import { useTranslation } from 'react-i18next';

interface PromisesPanelProps {
  caseId: string;
  expectations: CaseExpectation[];
  members: WorkspaceMember[];
  editable: boolean;
}

/** The case's promises to the customer, live from its documents: who owes what to whom, by when, and how it stands. */
export function PromisesPanel({ caseId, expectations, members, editable }: PromisesPanelProps) {
  const { t } = useTranslation();
  const compose = usePromiseComposer();
  // Mark met and undo share one message: the latest action's.
  const act = useSubmit((work: () => Promise<unknown>) => work());
  const names = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);
  const me = useMe();
  const [editing, setEditing] = useState<CaseExpectation | null>(null);
  /** The last edit made here, until undone or replaced: undo puts `before` back. */
  const [lastEdit, setLastEdit] = useState<{ id: string; text: string; before: ExpectationEdit } | null>(null);

  const undo = (): void => {
    if (!lastEdit) return;
    void act.run(async () => {
      await expectationsApi.update(caseId, lastEdit.id, lastEdit.before);
      setLastEdit(null);
    });
  };

  return (
    <section className="team-panel promises" aria-labelledby="promises-heading">
      <div className="team-panel__header">
        <h2 id="promises-heading">{t('Promises')}</h2>
        {editable && compose ? (
          <button type="button" className="button button--small" onClick={() => compose({})}>
            {t('Add promise')}
          </button>
        ) : null}
      </div>
      <FormError message={act.error} />
      <div role="status" aria-live="polite" className="promises__undo">
        {lastEdit ? (
          <p className="notice notice--success">
            {t('Promise updated: {{text}}.', { text: lastEdit.text })}{' '}
            <button type="button" className="link-button" disabled={act.busy} onClick={undo}>
              {t('Undo')}
            </button>
          </p>
        ) : null}
      </div>
      {expectations.length === 0 ? (
        <p className="muted team-panel__empty">{t('No promises yet. Select a sentence in an email or note to make one.')}</p>
      ) : (
        <ul className="promise-list" aria-label={t('Promises on this case')}>
          {expectations.map((e) => {
            const owner = e.ownerId ? (names.get(e.ownerId) ?? t('Unknown')) : t('Unassigned');
            return (
              <li key={e.id} className={`promise promise--${e.status}`} data-expectation-id={e.id}>
                <div className="promise__head">
                  <span className="promise__text">{e.text}</span>
                  <StatusChip status={e.status} />
                </div>
                <p className="promise__meta muted">
                  {e.promisedTo ? <>{t('To {{name}} · ', { name: e.promisedTo })}</> : null}
                  {t('{{owner}} · due', { owner })}{' '}
                  <time dateTime={e.dueAt} title={formatDue(e.dueAt)}>
                    {formatDue(e.dueAt)}
                  </time>
                  {e.side === 'shared' ? <span className="tag tag--shared">{t('Shared')}</span> : null}
                </p>
                <div className="promise__actions">
                  {e.sourceActivityId ? (
                    <Link
                      className="link-button"
                      to={`?entry=${encodeURIComponent(e.sourceActivityId)}`}
                      aria-label={t('Source of: {{text}}', { text: e.text })}
                    >
                      {t('Source')}
                    </Link>
                  ) : null}
                  {editable ? (
                    <button type="button" className="link-button" aria-label={t('Edit: {{text}}', { text: e.text })} onClick={() => setEditing(e)}>
                      {t('Edit')}
                    </button>
                  ) : null}
                  {editable && (e.status === 'open' || e.status === 'at-risk') ? (
                    <button
                      type="button"
                      className="link-button"
                      disabled={act.busy}
                      aria-label={t('Mark met: {{text}}', { text: e.text })}
                      onClick={() => void act.run(() => expectationsApi.setStatus(caseId, e.id, 'met'))}
                    >
                      {t('Mark met')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing ? (
        <PromiseFormDialog
          caseId={caseId}
          members={members}
          meId={me.user.id}
          prefill={{}}
          canShare={false}
          editing={editing}
          onEdited={(before, after) => setLastEdit({ id: editing.id, text: after.text ?? editing.text, before })}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
