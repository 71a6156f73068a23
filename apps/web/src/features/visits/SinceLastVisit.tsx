import { useEffect, useRef, useState } from 'react';
import { caseFieldLabels, describeCounts, entryKindWord } from '@casehub/contract';
import { RelativeTime } from '../../components/RelativeTime';
import { useApi } from '../../lib/useApi';
import { visitsApi } from './visitsApi';

/**
 * "Since you were last here" (issue 15.6): on opening a case, what others
 * did since this person last read it, in their side's terms (the server
 * answers a guest from the shared side only). Mark read hides it; leaving
 * the case marks it read too, so the next visit counts from here.
 */
export function SinceLastVisit({ caseId, people }: { caseId: string; people?: ReadonlyMap<string, string> }) {
  const summary = useApi(`visit:${caseId}`, (signal) => visitsApi.visit(caseId, signal));
  const [dismissed, setDismissed] = useState<string | null>(null);
  // Marked read on leaving only once the visit was recorded: a page left before that saw nothing new.
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

  const s = summary.data;
  // Offline or failed: the case works without it; nothing to show.
  if (!s || s.empty || dismissed === caseId) return null;
  const markRead = () => {
    setDismissed(caseId);
    void visitsApi.seen(caseId, s.through).catch(() => undefined);
  };
  const nameOf = (id: string | null) => (id ? (people?.get(id) ?? 'someone') : 'nobody');
  return (
    <section className="team-panel since" aria-labelledby={`since-${caseId}`}>
      <div className="team-panel__header">
        <h2 id={`since-${caseId}`}>
          Since you were last here
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
          Mark read
        </button>
      </div>
      {Object.keys(s.counts).length > 0 ? <p data-testid="since-counts">{describeCounts(s.counts)}</p> : null}
      {s.entries.length > 0 ? (
        <ul className="since__list" aria-label="New in the stream">
          {s.entries.map((e) => (
            <li key={e.activityId}>
              <strong>{e.actorName}</strong> <span className="muted">{entryKindWord(e.kind)}</span> {e.summary}
            </li>
          ))}
        </ul>
      ) : null}
      {s.fields.length > 0 ? (
        <ul className="since__list" aria-label="Changed fields">
          {s.fields.map((f) => (
            <li key={f.field}>
              {caseFieldLabels[f.field] ?? f.field}: {f.field === 'ownerId' ? nameOf(f.from) : (f.from ?? 'none')} →{' '}
              <strong>{f.field === 'ownerId' ? nameOf(f.to) : (f.to ?? 'none')}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {s.joined.length > 0 ? <p>Joined: {s.joined.map((j) => `${j.name}${j.guest ? ' (guest)' : ''}`).join(', ')}</p> : null}
    </section>
  );
}
