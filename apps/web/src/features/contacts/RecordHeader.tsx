import { Link } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

export type RecordKind = 'account' | 'contact';

const labels = { account: msg('Accounts'), contact: msg('Contacts') } as const;
const mergedNotes = {
  account: msg('This account was merged into <other>another account</other>.'),
  contact: msg('This contact was merged into <other>another contact</other>.'),
} as const;

/** The way back to the list an account or contact page came from. */
export function BackToList({ record }: { record: RecordKind }) {
  const { t } = useTranslation();
  return (
    <Link to={`/${record}s`} className="back-link">
      ← {t(labels[record])}
    </Link>
  );
}

/**
 * The top of an account or contact page: back link, name, Edit / Merge a
 * duplicate / Delete, and, for a merged record, where it went instead.
 */
export function RecordHeader({
  record,
  name,
  mergedInto,
  onAction,
}: {
  record: RecordKind;
  name: string;
  mergedInto: string | null;
  onAction: (action: 'edit' | 'merge' | 'delete') => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <BackToList record={record} />
      <div className="page__header">
        <h1 data-testid={`${record}-name`}>{name}</h1>
        {mergedInto ? null : (
          <div className="page__actions">
            <button type="button" className="button" onClick={() => onAction('edit')}>
              {t('Edit')}
            </button>
            <button type="button" className="button" onClick={() => onAction('merge')}>
              {t('Merge a duplicate…')}
            </button>
            <button type="button" className="button button--danger" onClick={() => onAction('delete')}>
              {t('Delete')}
            </button>
          </div>
        )}
      </div>
      {mergedInto ? (
        <p className="notice" role="note">
          <Trans i18nKey={mergedNotes[record]} components={{ other: <Link to={`/${record}s/${encodeURIComponent(mergedInto)}`} /> }} />
        </p>
      ) : null}
    </>
  );
}
