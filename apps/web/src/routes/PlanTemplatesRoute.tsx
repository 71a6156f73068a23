import { useState } from 'react';
import type { PlanTemplate } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RelativeTime } from '../components/RelativeTime';
import { useMe } from '../features/auth/session';
import { planTemplatesApi } from '../features/plan-templates/planTemplatesApi';
import { TemplateForm } from '../features/plan-templates/TemplateForm';
import { useApi } from '../lib/useApi';
import { Trans, useTranslation } from 'react-i18next';
import { describeDue } from '../features/plan-templates/describeDue';

/** A template's steps as a list: each milestone with its date and its promises, in words. */
export function TemplateOutline({ template }: { template: PlanTemplate }) {
  const { t } = useTranslation();
  if (template.milestones.length === 0) return <p className="muted">{t('No milestones.')}</p>;
  return (
    <ol className="template-outline">
      {template.milestones.map((m, i) => (
        <li key={i}>
          <strong>{m.title}</strong>
          <span className="muted"> · {m.due ? describeDue(m.due) : t('no date')}</span>
          {m.promises.length > 0 ? (
            <ul>
              {m.promises.map((p, j) => (
                <li key={j}>
                  <span className={`tag ${p.side === 'customer' ? 'tag--guest' : ''}`}>{p.side === 'customer' ? t('They') : t('We')}</span> {p.text}
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
        {t(
          "Mutual action plans to start from: milestones with dates counted from the close date or the day a case is created, and the promises of both sides. Use one from New case, or from a case's milestones with Apply a template.",
        )}
      </p>
      <Async
        value={templates}
        what={t('the plan templates')}
        empty={<p className="muted">{manage ? t('No plan templates yet. Add the first one below.') : t('No plan templates yet.')}</p>}
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
                      {template.needsCloseDate ? t('needs a close date · ') : ''}
                      <Trans
                        i18nKey="{{name}} · changed <time />"
                        values={{ name: template.createdByName ?? t('Someone') }}
                        components={{ time: <RelativeTime iso={template.updatedAt} /> }}
                      />
                    </p>
                    <TemplateOutline template={template} />
                    {manage ? (
                      <div className="composer__actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('Edit {{name}}', { name: template.name })}
                          onClick={() => setEditing(template.id)}
                        >
                          {t('Edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('Delete {{name}}', { name: template.name })}
                          onClick={() => setRemoving(template)}
                        >
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
          {t('“{{name}}” goes for everyone in the workspace. Plans already built from it stay as they are.', { name: removing.name })}
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
