import { useState } from 'react';
import { describeDue, type PlanTemplate } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RelativeTime } from '../components/RelativeTime';
import { useMe } from '../features/auth/session';
import { planTemplatesApi } from '../features/plan-templates/planTemplatesApi';
import { TemplateForm } from '../features/plan-templates/TemplateForm';
import { useApi } from '../lib/useApi';
import { useTranslation } from 'react-i18next';

/** A template's steps as a list: each milestone with its date and its promises, in words. */
export function TemplateOutline({ template }: { template: PlanTemplate }) {
  const { t } = useTranslation();
  if (template.milestones.length === 0) return <p className="muted">{t('No milestones.')}</p>;
  return (
    <ol className="template-outline">
      {template.milestones.map((m, i) => (
        <li key={i}>
          <strong>{m.title}</strong>
          <span className="muted"> · {m.due ? describeDue(m.due) : 'no date'}</span>
          {m.promises.length > 0 ? (
            <ul>
              {m.promises.map((p, j) => (
                <li key={j}>
                  <span className={`tag ${p.side === 'customer' ? 'tag--guest' : ''}`}>{p.side === 'customer' ? 'They' : 'We'}</span> {p.text}
                  <span className="muted"> · {describeDue(p.due)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * Settings → Plan templates (issue 15.3): ready-made mutual action plans,
 * milestones with dates relative to the close date or the case's creation.
 * Every member may use them (New case, Apply a template); owners and admins
 * write them here.
 */
export function PlanTemplatesRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const manage = me.role === 'owner' || me.role === 'admin';
  const templates = useApi('plan-templates', (signal) => planTemplatesApi.list(signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PlanTemplate | null>(null);
  return (
    <main className="page stack">
      <h1>{t('Plan templates')}</h1>
      <p className="muted">
        Mutual action plans to start from: milestones with dates counted from the close date or the day a case is created, and the promises of both sides. Use
        one from New case, or from a case&apos;s milestones with Apply a template.
      </p>
      <Async
        value={templates}
        what={t('the plan templates')}
        empty={<p className="muted">No plan templates yet.{manage ? ' Add the first one below.' : ''}</p>}
      >
        {(list) => (
          <ul className="stack plain-list" aria-label={t('Plan templates')}>
            {list.map((template) => (
              <li key={template.id} className="card stack">
                {editing === template.id ? (
                  <TemplateForm
                    initial={template}
                    save={(input) => planTemplatesApi.update(template.id, input)}
                    onSaved={() => {
                      setEditing(null);
                      templates.reload();
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <>
                    <h2 className="card__title">{template.name}</h2>
                    <p className="muted">
                      {template.description ? `${template.description} · ` : ''}
                      {template.needsCloseDate ? 'needs a close date · ' : ''}
                      {template.createdByName ?? 'Someone'} · changed <RelativeTime iso={template.updatedAt} />
                    </p>
                    <TemplateOutline template={template} />
                    {manage ? (
                      <div className="composer__actions">
                        <button type="button" className="button button--small" aria-label={`Edit ${template.name}`} onClick={() => setEditing(template.id)}>
                          {t('Edit')}
                        </button>
                        <button type="button" className="button button--small" aria-label={`Delete ${template.name}`} onClick={() => setRemoving(template)}>
                          {t('Delete')}
                        </button>
                      </div>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Async>
      {manage ? (
        <section className="card stack">
          <h2 className="card__title">{t('New plan template')}</h2>
          <TemplateForm initial={null} save={(input) => planTemplatesApi.create(input)} onSaved={templates.reload} />
        </section>
      ) : (
        <p className="muted">{t('Owners and admins add and change plan templates.')}</p>
      )}
      {removing ? (
        <ConfirmDialog
          title={t('Delete this plan template?')}
          confirmLabel={t('Delete')}
          onConfirm={async () => {
            await planTemplatesApi.remove(removing.id);
            templates.reload();
          }}
          onClose={() => setRemoving(null)}
        >
          “{removing.name}” goes for everyone in the workspace. Plans already built from it stay as they are.
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
