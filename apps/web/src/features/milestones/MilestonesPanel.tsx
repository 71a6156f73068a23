import { useEffect, useId, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
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

const statusLabels: Record<MilestoneStatus, string> = { planned: 'Planned', 'in-progress': 'In progress', done: 'Done' };

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
    if (!title.trim()) return setError('Name the step, e.g. “Security review”.');
    setError(null);
    addMilestone(doc, newId(), { title: title.trim(), dueAt: dueAt || null });
    setTitle('');
    setDueAt('');
  }

  return (
    <section className="milestones stack" aria-labelledby={`${titleId}-heading`}>
      <div className="milestones__header">
        <h3 id={`${titleId}-heading`}>Milestones</h3>
        {progress ? (
          <span className="muted">
            {progress.done} of {progress.total} done
            {late > 0 ? <strong className="milestones__late-count">{` · ${late} late`}</strong> : null}
          </span>
        ) : null}
      </div>
      {progress ? <progress className="milestones__progress" max={progress.total} value={progress.done} aria-label="Milestones done" /> : null}
      {milestones.length === 0 ? (
        <p className="muted">{editable ? 'No milestones yet: add the steps both sides agree on, with their dates.' : 'No milestones yet.'}</p>
      ) : (
        <ol className="milestones__list" aria-label="Milestones">
          {milestones.map((m, i) => (
            <li key={m.id} className={`milestones__item milestones__item--${m.status}${isLate(m, now) ? ' milestones__item--late' : ''}`}>
              <div className="milestones__main">
                <strong>{m.title}</strong>
                {isLate(m, now) ? <span className="tag milestones__late">Late</span> : null}
                <span className="muted">
                  {m.dueAt ? ` · due ${new Date(m.dueAt).toLocaleDateString()}` : ''}
                  {m.promises > 0 ? ` · ${m.met} of ${m.promises} promises met` : ''}
                </span>
                {m.promises > 0 ? (
                  <progress className="milestones__step-progress" max={m.promises} value={m.met} aria-label={`Promises met of ${m.title}`} />
                ) : null}
                <StepPromises
                  label={`Promises of ${m.title}`}
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
                    aria-label={`State of ${m.title}`}
                    value={m.status}
                    onChange={(e) => updateMilestone(doc, m.id, { status: e.target.value as MilestoneStatus })}
                  >
                    {milestoneStatuses.map((s) => (
                      <option key={s} value={s}>
                        {statusLabels[s]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Move ${m.title} up`}
                    disabled={i === 0}
                    onClick={() => moveMilestone(doc, m.id, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Move ${m.title} down`}
                    disabled={i === milestones.length - 1}
                    onClick={() => moveMilestone(doc, m.id, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" className="link-button link-button--danger" aria-label={`Remove ${m.title}`} onClick={() => removeMilestone(doc, m.id)}>
                    Remove
                  </button>
                </div>
              ) : (
                <span className="tag">{statusLabels[m.status]}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {loose.length > 0 ? (
        <div className="milestones__loose">
          <h4>Not under a milestone</h4>
          <StepPromises
            label="Promises not under a milestone"
            promises={loose}
            names={names}
            canTick={canTick}
            onMet={(p) => setExpectationStatus(doc, p.id, 'met')}
            viewer={viewer}
          />
        </div>
      ) : null}
      {editable ? (
        <form className="milestones__form" onSubmit={add} noValidate aria-label="Add a milestone">
          <div className="field">
            <label htmlFor={titleId}>Milestone</label>
            <input id={titleId} value={title} maxLength={200} placeholder="e.g. Security review" onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={dueId}>Due</label>
            <input id={dueId} type="date" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
          </div>
          <button type="submit" className="button">
            Add
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
  if (promises.length === 0) return null;
  // "We" and "they" as the reader says it: a guest is the customer.
  const sideLabel = (p: PlanPromise): string => ((p.side === 'customer') === (viewer === 'guest') ? 'We' : 'They');
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
            {p.ownerId ? (names.get(p.ownerId) ?? 'Someone') : 'Unassigned'} · due{' '}
            <time dateTime={p.dueAt} title={formatDue(p.dueAt)}>
              {formatDue(p.dueAt)}
            </time>
            {canTick(p) && p.status !== 'met' ? (
              <>
                {' · '}
                <button type="button" className="link-button" aria-label={`Mark met: ${p.text}`} onClick={() => onMet(p)}>
                  Mark met
                </button>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
