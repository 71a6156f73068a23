import { useEffect, useRef, useState } from 'react';
import type { SinceSummary } from '@casehub/contract';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../components/RelativeTime';
import { useApi, type Loadable } from '../../lib/useApi';
import { visitsApi } from './visitsApi';
import { caseFieldLabel, describeCounts, entryKindWord } from './words';

/**
 * Records this person's visit to a case and answers what others did since
 * they last read it, in their side's terms (the server answers a guest from
 * the shared side only). Leaving the case marks it read, so the next visit
 * counts from here; a page left before the visit was recorded saw nothing new.
 */
export function useVisit(caseId: string): Loadable<SinceSummary> {
  const summary = useApi(`visit:${caseId}`, (signal) => visitsApi.visit(caseId, signal));
  const visited = useRef<string | null>(null);
  if (summary.data) visited.current = caseId;

  useEffect(() => {
    const leave = () => {
      if (visited.current === caseId) visitsApi.seenOnLeave(caseId);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [caseId]);
  return summary;
}

/** "Since you were last here" (issue 15.6), from `useVisit`'s answer; Mark read hides it. */
export function SinceLastVisit({ caseId, visit, people }: { caseId: string; visit: Loadable<SinceSummary>; people?: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const s = visit.data;
  // Offline or failed: the case works without it; nothing to show.
  if (!s || s.empty || dismissed === caseId) return null;
  const markRead = () => {
    setDismissed(caseId);
    void visitsApi.seen(caseId, s.through).catch(() => undefined);
  };
  const nameOf = (id: string | null) => (id ? (people?.get(id) ?? t('someone')) : t('nobody'));
  return (
    <section className="team-panel since" aria-labelledby={`since-${caseId}`}>
      <div className="team-panel__header">
        <h2 id={`since-${caseId}`}>
          {t('Since you were last here')}
          {s.since ? (
            <>
              {' '}
              <span className="muted since__when">
                (<RelativeTime iso={s.since} />)
              </span>
            </>
          ) : null}
        </h2>
        <button type="button" className="button button--small" onClick={markRead}>
          {t('Mark read')}
        </button>
      </div>
      {Object.keys(s.counts).length > 0 ? <p data-testid="since-counts">{describeCounts(s.counts)}</p> : null}
      {s.entries.length > 0 ? (
        <ul className="since__list" aria-label={t('New in the stream')}>
          {s.entries.map((e) => (
            <li key={e.activityId}>
              <strong>{e.actorName}</strong> <span className="muted">{entryKindWord(e.kind)}</span> {e.summary}
            </li>
          ))}
        </ul>
      ) : null}
      {s.fields.length > 0 ? (
        <ul className="since__list" aria-label={t('Changed fields')}>
          {s.fields.map((f) => (
            <li key={f.field}>
              {caseFieldLabel(f.field)}: {f.field === 'ownerId' ? nameOf(f.from) : (f.from ?? t('none'))} →{' '}
              <strong>{f.field === 'ownerId' ? nameOf(f.to) : (f.to ?? t('none'))}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {s.joined.length > 0 ? (
        <p>{t('Joined: {{names}}', { names: s.joined.map((j) => (j.guest ? t('{{name}} (guest)', { name: j.name }) : j.name)).join(', ') })}</p>
      ) : null}
    </section>
  );
}
