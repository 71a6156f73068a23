import type { DraftRecord } from '@casehub/case-document';
import type { PresenceUser } from '../../lib/sync';
import { Trans, useTranslation } from 'react-i18next';
import { RelativeTime } from '../../components/RelativeTime';

/**
 * The emails being written on the case (team only): what, to whom, who
 * started it, and who is in it now; Open joins the writing.
 */
export function DraftsList({ drafts, writers, onOpen }: { drafts: DraftRecord[]; writers: Map<string, PresenceUser[]>; onOpen: (draft: DraftRecord) => void }) {
  const { t } = useTranslation();
  if (drafts.length === 0) return null;
  return (
    <section className="drafts" aria-label={t('Drafts')}>
      <h3 className="drafts__title">
        {t('Drafts')} <span className="muted">{drafts.length}</span>
      </h3>
      <ul className="drafts__list">
        {drafts.map((d) => {
          const inIt = writers.get(d.id) ?? [];
          return (
            <li key={d.id} className="drafts__item">
              <button type="button" className="link-button drafts__open" onClick={() => onOpen(d)}>
                {d.kind === 'reply' ? t('Reply: {{subject}}', { subject: d.subject || t('(no subject)') }) : d.subject || t('(no subject)')}
              </button>
              <span className="muted">
                {' '}
                {d.to ? (
                  <Trans
                    i18nKey="to {{to}} · {{name}} · <time />"
                    values={{ to: d.to.length > 60 ? `${d.to.slice(0, 60)}…` : d.to, name: d.createdByName }}
                    components={{ time: <RelativeTime iso={d.updatedAt} /> }}
                  />
                ) : (
                  <Trans i18nKey="· {{name}} · <time />" values={{ name: d.createdByName }} components={{ time: <RelativeTime iso={d.updatedAt} /> }} />
                )}
              </span>
              {inIt.length > 0 ? <span className="drafts__writers"> · {t('{{names}} writing', { names: inIt.map((u) => u.name).join(', ') })}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
