import type { ReactNode } from 'react';
import { errorMessage } from '../lib/api';
import type { Loadable } from '../lib/useApi';
import { useTranslation } from 'react-i18next';

interface AsyncProps<T> {
  /** What useApi or usePolled returned. */
  value: Loadable<T> & { reload: () => void };
  /** What is loading, for the messages: "the webhooks" → "Loading the webhooks…", "Could not load the webhooks: …". */
  what: string;
  /** The status line while the first answer is on its way, when "Loading {what}…" does not fit (e.g. "Searching…"). */
  loading?: string;
  /** Shown instead of the content when the data is there but empty (`isEmpty`, by default an empty array). */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}

/**
 * The one way a page shows data it loads: a status line while the first
 * answer is on its way, an alert with "Try again" when it fails (what was
 * shown before stays), the empty state, or the content.
 */
export function Async<T>({ value, what, loading, empty, isEmpty = (d) => Array.isArray(d) && d.length === 0, children }: AsyncProps<T>) {
  const { t } = useTranslation();
  return (
    <>
      {value.state === 'loading' && value.data === undefined ? (
        <p className="muted" role="status">
          {loading ?? t('Loading {{what}}…', { what })}
        </p>
      ) : null}
      {value.state === 'error' ? (
        <div role="alert" className="notice notice--error">
          {t('Could not load {{what}}: {{reason}}', { what, reason: errorMessage(value.error) })}{' '}
          <button type="button" className="button button--small" onClick={value.reload}>
            {t('Try again')}
          </button>
        </div>
      ) : null}
      {value.data === undefined ? null : empty !== undefined && isEmpty(value.data) ? empty : children(value.data)}
    </>
  );
}
