import { Link } from 'react-router';
import type { SavedView } from '@casehub/contract';
import { Async } from '../../components/Async';
import type { Loadable } from '../../lib/useApi';
import { paramsOfView, writeListParams } from '../cases/listParams';
import { useTranslation } from 'react-i18next';

/** The link that opens a view: its filters, sort and columns in the URL, with its id. */
export const viewHref = (view: SavedView): string => `/cases?${writeListParams(paramsOfView(view)).toString()}`;

/**
 * The case page's navigation of saved views (issue 17.4): All cases, then
 * your own views, then those shared with the workspace. Opening one sets the
 * list's URL (filters, sort, columns) and its List/Board choice.
 */
export function ViewsSidebar({
  views,
  activeId,
  onOpen,
  onSave,
}: {
  views: Loadable<SavedView[]> & { reload: () => void };
  activeId: string;
  onOpen: (view: SavedView) => void;
  onSave: () => void;
}) {
  const { t } = useTranslation();
  const item = (v: SavedView) => (
    <li key={v.id}>
      <Link to={viewHref(v)} aria-current={v.id === activeId ? 'page' : undefined} onClick={() => onOpen(v)} className="views-nav__link">
        <span className="views-nav__name">{v.name}</span>
        {v.shared && v.createdByName && !v.canEdit ? <span className="views-nav__by muted">{t('by {{name}}', { name: v.createdByName })}</span> : null}
      </Link>
    </li>
  );
  return (
    <nav className="views-nav" aria-label={t('Saved views')}>
      <ul className="views-nav__list">
        <li>
          <Link to="/cases" aria-current={activeId === '' ? 'page' : undefined} className="views-nav__link">
            {t('All cases')}
          </Link>
        </li>
      </ul>
      <Async value={views} what={t('saved views')}>
        {(list) => {
          const mine = list.filter((v) => !v.shared);
          const shared = list.filter((v) => v.shared);
          return (
            <>
              <h2 className="views-nav__heading">{t('Your views')}</h2>
              {mine.length > 0 ? <ul className="views-nav__list">{mine.map(item)}</ul> : <p className="views-nav__empty muted">{t('None yet')}</p>}
              <h2 className="views-nav__heading">{t('Shared views')}</h2>
              {shared.length > 0 ? <ul className="views-nav__list">{shared.map(item)}</ul> : <p className="views-nav__empty muted">{t('None yet')}</p>}
            </>
          );
        }}
      </Async>
      <button type="button" className="link-button views-nav__save" onClick={onSave}>
        {t('Save current view…')}
      </button>
    </nav>
  );
}
