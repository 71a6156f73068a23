import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../lib/api';
import { RelativeTime } from '../../components/RelativeTime';
import { KindIcon, isActivityKind, kindLabels } from '../activity/kinds';

export const entryLink = (hit: Pick<SearchHit, 'caseId' | 'activityId'>): string =>
  `/cases/${encodeURIComponent(hit.caseId)}?entry=${encodeURIComponent(hit.activityId)}`;

interface SearchHitListProps {
  hits: SearchHit[];
  label: string;
  showCase: boolean;
  /** When set, a click calls this instead of following the link (the in-case search jumps in place). */
  onPick?: (hit: SearchHit) => void;
}

/**
 * Ranked hits. The snippet is the server's HTML: every character escaped
 * except the <mark> around matched words (search/service.ts), so it is set
 * as HTML to show the highlights.
 */
export function SearchHitList({ hits, label, showCase, onPick }: SearchHitListProps) {
  const { t } = useTranslation();
  return (
    <ol className="search-hits" aria-label={label}>
      {hits.map((hit) => {
        const kind = isActivityKind(hit.kind) ? hit.kind : 'system';
        return (
          <li key={`${hit.caseId}:${hit.activityId}`} className="search-hit" data-kind={kind}>
            <Link
              to={entryLink(hit)}
              className="search-hit__link"
              onClick={(e) => {
                if (!onPick) return;
                e.preventDefault();
                onPick(hit);
              }}
            >
              <span className={`activity-row__icon activity-row__icon--${kind}`} title={t(kindLabels[kind])}>
                <KindIcon kind={kind} />
                <span className="visually-hidden">{t(kindLabels[kind])}</span>
              </span>
              <span className="search-hit__main">
                <span className="search-hit__head">
                  {showCase ? <span className="search-hit__case">{hit.caseTitle}</span> : null}
                  <span className="muted">{t(kindLabels[kind])}</span>
                  <RelativeTime iso={hit.at} className="muted" />
                </span>
                <span className="search-hit__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
              </span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
