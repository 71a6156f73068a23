import { useEffect, useId, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { Trans, useTranslation } from 'react-i18next';
import {
  addMilestone,
  isDateOnly,
  listMilestones,
  listPlanPromises,
  setExpectationStatus,
  type PlanPromise,
  milestonesMap,
  expectationsMap,
  milestoneStatuses,
  moveMilestone,
  planProgress,
  removeMilestone,
  updateMilestone,
  type MilestoneRecord,
  type MilestoneStatus,
} from '@casehub/case-document';
import { FormError } from '../../components/FormError';
import { StatusChip, formatDue } from '../expectations/status';
import { formatLocale, msg } from '../../i18n';

/** In English, shown through `t()`. */
const statusLabels: Record<MilestoneStatus, string> = { planned: msg('Planned'), 'in-progress': msg('In progress'), done: msg('Done') };

/** The plan's steps, live from the shared document (they change as anyone edits them). */
function useMilestones(doc: Y.Doc): MilestoneRecord[] {
  const [list, setList] = useState<MilestoneRecord[]>(() => listMilestones(doc));
  useEffect(() => {
    const update = (): void => setList(listMilestones(doc));
    update();
    const maps = [milestonesMap(doc), expectationsMap(doc)];
    for (const m of maps) m.observeDeep(update);
    return () => {
      for (const m of maps) m.unobserveDeep(update);
    };
  }, [doc]);
  return list;
}

/** The promises of the shared document with their side and step, live. */
function usePlanPromises(doc: Y.Doc): PlanPromise[] {
  const [list, setList] = useState<PlanPromise[]>(() => listPlanPromises(doc));
  useEffect(() => {
    const update = (): void => setList(listPlanPromises(doc));
    update();
    const maps = [milestonesMap(doc), expectationsMap(doc)];
    for (const m of maps) m.observeDeep(update);
    return () => {
      for (const m of maps) m.unobserveDeep(update);
    };
  }, [doc]);
  return list;
}

/** The current time, again every 30 s: a step turns late while the page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A step not done past its due moment (a date alone: 17:00 that day, as the
 * server's clock counts it, here on this device's clock). Shown as late; its
 * status stays the plan's own (DESIGN §3), the server tells the team.
 */
export function isLate(m: Pick<MilestoneRecord, 'status' | 'dueAt'>, now: number): boolean {
  if (m.status === 'done' || !m.dueAt) return false;
  const due = Date.parse(isDateOnly(m.dueAt) ? `${m.dueAt}T17:00` : m.dueAt);
  return !Number.isNaN(due) && due <= now;
}

/** 96 random bits as hex (getRandomValues works on plain http too, where randomUUID does not). */
const newId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The mutual action plan's milestones (issue 15.1, DESIGN §3 `milestones` in
 * the shared document): the steps both sides work through, with a due date
 * and a state, progress at a glance, reordered with the arrows. Everyone on
 * the case sees them; editors (team or guests) change them, live for all.
 */
export function MilestonesPanel({
  doc,
  editable,
  viewer = 'team',
  people = [],
}: {
  doc: Y.Doc;
  editable: boolean;
  /** Who reads: the team ticks off either side's promises, a guest only the customer's (the server refuses the rest). */
  viewer?: 'team' | 'guest';
  /** Names for owners (the case's people); an unknown owner shows as "Someone". */
  people?: ReadonlyArray<{ userId: string; name: string }>;
}) {
  const { t } = useTranslation();
  const milestones = useMilestones(doc);
  const promises = usePlanPromises(doc);
  const names = new Map(people.map((p) => [p.userId, p.name]));
  const [title, setTitle] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const dueId = useId();
  const progress = planProgress(milestones);
  const now = useNow();
  const late = milestones.filter((m) => isLate(m, now)).length;
  // The team ticks off either side's promises, a guest only the customer's (the server refuses the rest).
  const canTick = (p: PlanPromise) => editable && (viewer === 'team' || p.side === 'customer');
  // Promises of the shared document under no step (or one since removed): a guest has no other list of them.
  const steps = new Set(milestones.map((m) => m.id));
  const loose = promises.filter((p) => !p.milestoneId || !steps.has(p.milestoneId));

  function add(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) return setError(t('Name the step, e.g. “Security review”.'));
    setError(null);
    addMilestone(doc, newId(), { title: title.trim(), dueAt: dueAt || null });
    setTitle('');
    setDueAt('');
  }

  return (
    <section className="milestones stack" aria-labelledby={`${titleId}-heading`}>
      <div className="milestones__header">
        <h3 id={`${titleId}-heading`}>{t('Milestones')}</h3>
        {progress ? (
          <span className="muted">
            {t('{{done}} of {{total}} done', { done: progress.done, total: progress.total })}
            {late > 0 ? <strong className="milestones__late-count">{` · ${t('{{count}} late', { count: late })}`}</strong> : null}
          </span>
        ) : null}
      </div>
      {progress ? <progress className="milestones__progress" max={progress.total} value={progress.done} aria-label={t('Milestones done')} /> : null}
      {milestones.length === 0 ? (
        <p className="muted">{editable ? t('No milestones yet: add the steps both sides agree on, with their dates.') : t('No milestones yet.')}</p>
      ) : (
        <ol className="milestones__list" aria-label={t('Milestones')}>
          {milestones.map((m, i) => (
            <li key={m.id} className={`milestones__item milestones__item--${m.status}${isLate(m, now) ? ' milestones__item--late' : ''}`}>
              <div className="milestones__main">
                <strong>{m.title}</strong>
                {isLate(m, now) ? <span className="tag milestones__late">{t('Late')}</span> : null}
                <span className="muted">
                  {m.dueAt ? ` · ${t('due {{date}}', { date: new Date(m.dueAt).toLocaleDateString(formatLocale()) })}` : ''}
                  {m.promises > 0 ? ` · ${t('{{met}} of {{total}} promises met', { met: m.met, total: m.promises })}` : ''}
                </span>
                {m.promises > 0 ? (
                  <progress
                    className="milestones__step-progress"
                    max={m.promises}
                    value={m.met}
                    aria-label={t('Promises met of {{title}}', { title: m.title })}
                  />
                ) : null}
                <StepPromises
                  label={t('Promises of {{title}}', { title: m.title })}
                  promises={promises.filter((p) => p.milestoneId === m.id)}
                  names={names}
                  canTick={canTick}
                  onMet={(p) => setExpectationStatus(doc, p.id, 'met')}
                  viewer={viewer}
                />
              </div>
              {editable ? (
                <div className="milestones__actions">
                  <select
                    aria-label={t('State of {{title}}', { title: m.title })}
                    value={m.status}
                    onChange={(e) => updateMilestone(doc, m.id, { status: e.target.value as MilestoneStatus })}
                  >
                    {milestoneStatuses.map((s) => (
                      <option key={s} value={s}>
                        {t(statusLabels[s])}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('Move {{title}} up', { title: m.title })}
                    disabled={i === 0}
                    onClick={() => moveMilestone(doc, m.id, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('Move {{title}} down', { title: m.title })}
                    disabled={i === milestones.length - 1}
                    onClick={() => moveMilestone(doc, m.id, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="link-button link-button--danger"
                    aria-label={t('Remove {{name}}', { name: m.title })}
                    onClick={() => removeMilestone(doc, m.id)}
                  >
                    {t('Remove')}
                  </button>
                </div>
              ) : (
                <span className="tag">{t(statusLabels[m.status])}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {loose.length > 0 ? (
        <div className="milestones__loose">
          <h4>{t('Not under a milestone')}</h4>
          <StepPromises
            label={t('Promises not under a milestone')}
            promises={loose}
            names={names}
            canTick={canTick}
            onMet={(p) => setExpectationStatus(doc, p.id, 'met')}
            viewer={viewer}
          />
        </div>
      ) : null}
      {editable ? (
        <form className="milestones__form" onSubmit={add} noValidate aria-label={t('Add a milestone')}>
          <div className="field">
            <label htmlFor={titleId}>{t('Milestone')}</label>
            <input id={titleId} value={title} maxLength={200} placeholder={t('e.g. Security review')} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={dueId}>{t('Due')}</label>
            <input id={dueId} type="date" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
          </div>
          <button type="submit" className="button">
            {t('Add')}
          </button>
        </form>
      ) : null}
      <FormError message={error} />
    </section>
  );
}

/** Under a step: its promises of both sides, each with its state; the reader's own side can be ticked off here. */
function StepPromises({
  label,
  promises,
  names,
  canTick,
  onMet,
  viewer,
}: {
  label: string;
  promises: PlanPromise[];
  names: Map<string, string>;
  canTick: (p: PlanPromise) => boolean;
  onMet: (p: PlanPromise) => void;
  viewer: 'team' | 'guest';
}) {
  const { t } = useTranslation();
  if (promises.length === 0) return null;
  // "We" and "they" as the reader says it: a guest is the customer.
  const sideLabel = (p: PlanPromise): string => ((p.side === 'customer') === (viewer === 'guest') ? t('We') : t('They'));
  return (
    <ul className="milestones__promises" aria-label={label}>
      {promises.map((p) => (
        <li key={p.id} className={`promise promise--${p.status}`} data-side={p.side}>
          <div className="promise__head">
            <span className="promise__text">
              <span className="tag">{sideLabel(p)}</span> {p.text}
            </span>
            <StatusChip status={p.status} />
          </div>
          <p className="promise__meta muted">
            <Trans
              i18nKey="{{owner}} · due <time>{{due}}</time>"
              values={{ owner: p.ownerId ? (names.get(p.ownerId) ?? t('Someone')) : t('Unassigned'), due: formatDue(p.dueAt) }}
              components={{ time: <time dateTime={p.dueAt} title={formatDue(p.dueAt)} /> }}
            />
            {canTick(p) && p.status !== 'met' ? (
              <>
                {' · '}
                <button type="button" className="link-button" aria-label={t('Mark met: {{text}}', { text: p.text })} onClick={() => onMet(p)}>
                  {t('Mark met')}
                </button>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
