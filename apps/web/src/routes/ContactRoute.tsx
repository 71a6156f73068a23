import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ContactHistory } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useApi } from '../lib/useApi';
import { ContactFormDialog } from '../features/contacts/ContactFormDialog';
import { contactsApi, stakeholderRoleLabels } from '../features/contacts/contactsApi';
import { MergeDialog } from '../features/contacts/MergeDialog';
import { InfluenceMeter } from '../features/contacts/StakeholderMap';
import { BackToList, RecordHeader } from '../features/contacts/RecordHeader';
import { formatLocale } from '../i18n';
import { useTranslation } from 'react-i18next';

const when = (iso: string): string => new Date(iso).toLocaleString(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
const enc = encodeURIComponent;

/** `/contacts/:id`: one person, the cases they are a stakeholder on and their emails across every case you may see. */
export function ContactRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const history = useApi(`contact-history:${id}`, (signal) => contactsApi.contactHistory(id, signal));
  const [dialog, setDialog] = useState<'edit' | 'merge' | 'delete' | null>(null);

  return (
    <main className="page contact-page">
      {history.data ? null : <BackToList record="contact" />}
      <Async value={history} what={t('the contact')}>
        {({ contact, cases, emails }) => (
          <>
            <RecordHeader record="contact" name={contact.name} mergedInto={contact.mergedInto} onAction={setDialog} />
            <dl className="facts">
              <dt>{t('Title')}</dt>
              <dd>{contact.title || '—'}</dd>
              <dt>{t('Account')}</dt>
              <dd>{contact.accountId && contact.accountName ? <Link to={`/accounts/${enc(contact.accountId)}`}>{contact.accountName}</Link> : '—'}</dd>
              <dt>{t('Email')}</dt>
              <dd>
                {contact.emails.length === 0 ? '—' : null}
                <ul className="plain-list" aria-label={t('Email addresses')}>
                  {contact.emails.map((e, i) => (
                    <li key={e}>
                      <a href={`mailto:${e}`}>{e}</a>
                      {i === 0 && contact.emails.length > 1 ? <span className="muted"> {t('(primary)')}</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>{t('Phone')}</dt>
              <dd>{contact.phone || '—'}</dd>
              <dt>{t('Tags')}</dt>
              <dd>
                {contact.tags.length === 0 ? '—' : null}
                {contact.tags.map((tag) => (
                  <Link key={tag} className="tag" to={`/contacts?tag=${enc(tag)}`}>
                    {tag}
                  </Link>
                ))}
              </dd>
              {contact.notes ? (
                <>
                  <dt>{t('Notes')}</dt>
                  <dd className="facts__notes">{contact.notes}</dd>
                </>
              ) : null}
            </dl>
            <StakeholderOn cases={cases} />
            <EmailHistory emails={emails} />
            {dialog === 'edit' ? (
              <ContactFormDialog
                contact={contact}
                onClose={() => setDialog(null)}
                onSaved={() => {
                  setDialog(null);
                  history.reload();
                }}
              />
            ) : null}
            {dialog === 'merge' ? (
              <MergeDialog
                record="contact"
                survivor={contact}
                moves={t("Its addresses, tags and case roles move to {{name}} (where both are on a case, {{name}}'s role stays).", { name: contact.name })}
                search={async (q, signal) =>
                  (await contactsApi.listContacts({ q, limit: 20 }, signal)).contacts.map((c) => ({
                    id: c.id,
                    name: c.name,
                    detail: [c.emails[0], c.accountName].filter(Boolean).join(' · '),
                  }))
                }
                onMerge={async (otherId) => {
                  await contactsApi.mergeContact(contact.id, otherId);
                  history.reload();
                }}
                onClose={() => setDialog(null)}
              />
            ) : null}
            {dialog === 'delete' ? (
              <ConfirmDialog
                title={t('Delete {{name}}?', { name: contact.name })}
                confirmLabel={t('Delete')}
                onClose={() => setDialog(null)}
                onConfirm={async () => {
                  await contactsApi.deleteContact(contact.id);
                  void navigate('/contacts');
                }}
              >
                <p>{t('Their addresses and their places on case stakeholder maps go too. Emails stay on their cases.')}</p>
              </ConfirmDialog>
            ) : null}
          </>
        )}
      </Async>
    </main>
  );
}

function StakeholderOn({ cases }: { cases: ContactHistory['cases'] }) {
  const { t } = useTranslation();
  return (
    <section className="page-section" aria-labelledby="contact-cases-heading">
      <h2 id="contact-cases-heading">{t('Cases')}</h2>
      {cases.length === 0 ? (
        <p className="muted">{t('Not a stakeholder on any case you can see.')}</p>
      ) : (
        <ul className="plain-list contact-cases">
          {cases.map((c) => (
            <li key={c.id}>
              <Link to={`/cases/${enc(c.id)}`}>{c.title}</Link> <span className="tag">{t(stakeholderRoleLabels[c.role])}</span>{' '}
              <InfluenceMeter value={c.influence} />
              {c.private ? <span className="muted"> · {t('private')}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EmailHistory({ emails }: { emails: ContactHistory['emails'] }) {
  const { t } = useTranslation();
  return (
    <section className="page-section" aria-labelledby="contact-emails-heading">
      <h2 id="contact-emails-heading">{t('Emails across cases')}</h2>
      {emails.length === 0 ? (
        <p className="muted">{t('No emails from or to them on cases you can see.')}</p>
      ) : (
        <ol className="plain-list email-history" aria-label={t('Emails, newest first')}>
          {emails.map((e) => (
            <li key={e.id} className="email-history__item">
              <span className={`tag tag--${e.direction}`}>{e.direction === 'inbound' ? t('From them') : t('To them')}</span>
              <span className="email-history__subject">
                <Link to={`/cases/${enc(e.caseId)}${e.activityId ? `?entry=${enc(e.activityId)}` : ''}`}>{e.subject || t('(no subject)')}</Link>
              </span>
              <span className="muted">
                {e.fromName || e.fromAddress} · {e.caseTitle} · <time dateTime={e.at}>{when(e.at)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
