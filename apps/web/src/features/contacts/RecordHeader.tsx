import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

const labels = { account: 'Accounts', contact: 'Contacts' } as const;

/** The way back to the list an account or contact page came from. */
export function BackToList({ what }: { what: 'account' | 'contact' }) {
  return (
    <Link to={`/${what}s`} className="back-link">
      ← {labels[what]}
    </Link>
  );
}

/**
 * The top of an account or contact page: back link, name, Edit / Merge a
 * duplicate / Delete, and, for a merged record, where it went instead.
 */
export function RecordHeader({
  what,
  name,
  mergedInto,
  onAction,
}: {
  what: 'account' | 'contact';
  name: string;
  mergedInto: string | null;
  onAction: (action: 'edit' | 'merge' | 'delete') => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <BackToList what={what} />
      <div className="page__header">
        <h1 data-testid={`${what}-name`}>{name}</h1>
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
          This {what} was merged into <Link to={`/${what}s/${encodeURIComponent(mergedInto)}`}>another {what}</Link>.
        </p>
      ) : null}
    </>
  );
}
