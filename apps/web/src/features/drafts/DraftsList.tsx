import type { DraftRecord } from '@casehub/case-document';
import type { PresenceUser } from '../../lib/sync';
import { RelativeTime } from '../../components/RelativeTime';

/**
 * The emails being written on the case (team only): what, to whom, who
 * started it, and who is in it now; Open joins the writing.
 */
export function DraftsList({ drafts, writers, onOpen }: { drafts: DraftRecord[]; writers: Map<string, PresenceUser[]>; onOpen: (draft: DraftRecord) => void }) {
  if (drafts.length === 0) return null;
  return (
    <section className="drafts" aria-label="Drafts">
      <h3 className="drafts__title">
        Drafts <span className="muted">{drafts.length}</span>
      </h3>
      <ul className="drafts__list">
        {drafts.map((d) => {
          const inIt = writers.get(d.id) ?? [];
          return (
            <li key={d.id} className="drafts__item">
              <button type="button" className="link-button drafts__open" onClick={() => onOpen(d)}>
                {d.kind === 'reply' ? 'Reply: ' : ''}
                {d.subject || '(no subject)'}
              </button>
              <span className="muted">
                {d.to ? ` to ${d.to.length > 60 ? `${d.to.slice(0, 60)}…` : d.to}` : ''} · {d.createdByName} · <RelativeTime iso={d.updatedAt} />
              </span>
              {inIt.length > 0 ? <span className="drafts__writers"> · {inIt.map((u) => u.name).join(', ')} writing</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
