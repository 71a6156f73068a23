import { useTranslation } from 'react-i18next';
/** Where in a paged list you are, with Previous / Next when there is more than one page. */
export function Pager({ total, offset, limit, onOffset }: { total: number; offset: number; limit: number; onOffset: (o: number) => void }) {
  const { t } = useTranslation();
  const size = limit;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + size, total);
  return (
    <nav className="pager" aria-label={t('Pages')}>
      <span className="muted" aria-live="polite">
        {t('{{from}}–{{to}} of {{total}}', { from, to, total })}
      </span>
      {total > size ? (
        <span className="pager__buttons">
          <button type="button" className="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
            {t('Previous')}
          </button>
          <button type="button" className="button" disabled={offset + size >= total} onClick={() => onOffset(offset + size)}>
            {t('Next')}
          </button>
        </span>
      ) : null}
    </nav>
  );
}
