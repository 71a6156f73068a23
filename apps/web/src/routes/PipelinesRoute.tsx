import { useId, useState, type FormEvent } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { caseKinds, type CaseKind } from '@casehub/case-document';
import { maxStages, outcomeNames, outcomesOf, outcomeIssues, pipelineInput, type PipelineStage, type StageOutcome } from '@casehub/contract';
import { Async } from '../components/Async';
import { GuestsNotHere } from '../components/GuestsNotHere';
import { call } from '../lib/api';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { stagesOf, usePipelines } from '../features/pipelines/usePipelines';
import { SettingsFormEnd } from '../components/FormActions';
import { useTranslation } from 'react-i18next';
import { i18n, msg } from '../i18n';

// English; shown through `t()`.
const kindTitles: Record<CaseKind, string> = { deal: msg('Deals'), support: msg('Support') };

/** A row of the form: `key` is the row's own (a stage not saved yet has no id). */
type Row = { key: string; id?: string; name: string; outcome: StageOutcome };
type Removed = { id: string; name: string; outcome: StageOutcome; moveTo: string };

let rowKeys = 0;
const toRow = (s: PipelineStage): Row => ({ key: s.id, id: s.id, name: s.name, outcome: s.outcome });

/**
 * `/settings/pipelines` (members read, owners and admins change): each
 * kind's stages in board order and what each means. Renaming a stage moves
 * its cases with it; deleting one asks where its cases go.
 */
export function PipelinesRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const pipelines = usePipelines();
  if (me.role === 'guest') return <GuestsNotHere title={t('Pipelines')} />;
  const editable = me.role === 'owner' || me.role === 'admin';
  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Pipelines')}</h1>
      </div>
      <p className="muted">
        {t(
          'The stages a case goes through, in the order the board shows them. New cases start in the first open stage; won, lost and solved stages count as closed on the dashboard. Renaming a stage renames it on every case in it, for everyone at once.',
        )}
      </p>
      <Async value={pipelines} what={t('the pipelines')}>
        {(list) => (
          <>
            {editable ? null : (
              <p className="notice" role="note">
                {t('Only owners and admins change pipelines.')}
              </p>
            )}
            {caseKinds.map((kind) => (
              <PipelineForm key={`${kind} ${JSON.stringify(stagesOf(list, kind))}`} kind={kind} initial={stagesOf(list, kind)} editable={editable} />
            ))}
          </>
        )}
      </Async>
    </main>
  );
}

function PipelineForm({ kind, initial, editable }: { kind: CaseKind; initial: PipelineStage[]; editable: boolean }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => initial.map(toRow));
  const [removed, setRemoved] = useState<Removed[]>([]);
  const [adding, setAdding] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const ids = { title: useId(), add: useId() };
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const edit = (change: (rows: Row[]) => Row[]): void => {
    setSaved(null);
    setRows(change);
  };
  const saving = useSubmit(async (body: { stages: Array<{ id?: string; name: string; outcome: StageOutcome }>; moves: Record<string, string> }) => {
    const answer = await call('PUT /api/settings/pipelines/{kind}', { params: { kind }, body });
    setRows(answer.stages.map(toRow));
    setRemoved([]);
    setSaved(answer.moved > 0 ? t('Saved. {{count}} cases changed stage.', { count: answer.moved }) : t('Saved.'));
  });

  const names = rows.map((r) => r.name.trim());
  const move = (from: number, to: number): void => edit((rs) => (to < 0 || to >= rs.length ? rs : arrayMove(rs, from, to)));
  const remove = (row: Row): void => {
    const at = rows.indexOf(row);
    const left = rows.filter((r) => r !== row);
    edit(() => left);
    // Its cases go to the stage before it by default (the first, for the first).
    const neighbour = left[Math.max(0, at - 1)]?.name.trim() ?? '';
    const { id } = row;
    if (id) setRemoved((rs) => [...rs, { id, name: row.name, outcome: row.outcome, moveTo: neighbour }]);
  };
  const add = (): void => {
    const name = adding.trim();
    if (!name) return;
    edit((rs) => {
      // A new stage is open: it goes after the last open one, before won, lost or solved.
      const at = rs.map((r) => r.outcome).lastIndexOf('open') + 1;
      return [...rs.slice(0, at), { key: `new-${++rowKeys}`, name, outcome: 'open' }, ...rs.slice(at)];
    });
    setAdding('');
  };
  const onDragEnd = ({ active, over }: DragEndEvent): void => {
    if (!over || active.id === over.id) return;
    const from = rows.findIndex((r) => r.key === active.id);
    const to = rows.findIndex((r) => r.key === over.id);
    if (from >= 0 && to >= 0) move(from, to);
  };

  function save(e: FormEvent) {
    e.preventDefault();
    const moves = Object.fromEntries(removed.map((r) => [r.id, r.moveTo]));
    const stages = rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name.trim(), outcome: r.outcome }));
    const parsed = pipelineInput.safeParse({ stages, moves });
    if (!parsed.success) return saving.fail(parsed.error.issues.map((i) => describe(i.path, i.message, rows)).join('. '));
    const issues = outcomeIssues(kind, stages);
    if (issues.length > 0) return saving.fail(issues.join('. '));
    void saving.run({ stages, moves });
  }

  return (
    <form className="page-section stack" onSubmit={save} noValidate aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t(kindTitles[kind])}</h2>
      <fieldset className="stack pipeline-fields" disabled={!editable || saving.busy}>
        <legend className="visually-hidden">{t('{{kind}} stages', { kind: t(kindTitles[kind]) })}</legend>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={rows.map((r) => r.key)} strategy={verticalListSortingStrategy}>
            <ol className="pipeline-stages" aria-label={t('{{kind}} stages, in order', { kind: t(kindTitles[kind]) })}>
              {rows.map((row, i) => (
                <StageRow
                  key={row.key}
                  row={row}
                  kind={kind}
                  index={i}
                  count={rows.length}
                  editable={editable}
                  onChange={(change) => edit((rs) => rs.map((r) => (r === row ? { ...r, ...change } : r)))}
                  onMove={(to) => move(i, to)}
                  onRemove={() => remove(row)}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        {removed.length > 0 ? (
          <div className="stack">
            <h3>{t('Deleted when you save')}</h3>
            <ul className="pipeline-stages">
              {removed.map((r) => (
                <li key={r.id} className="pipeline-stage">
                  <span className="pipeline-stage__label">{r.name}</span>
                  <label>
                    {t('Move its cases to')}{' '}
                    <select
                      value={r.moveTo}
                      onChange={(e) => setRemoved((rs) => rs.map((x) => (x === r ? { ...x, moveTo: e.target.value } : x)))}
                      aria-label={t('Move the cases of {{name}} to', { name: r.name })}
                    >
                      {names.map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => {
                      setRemoved((rs) => rs.filter((x) => x !== r));
                      edit((rs) => [...rs, { key: r.id, id: r.id, name: r.name, outcome: r.outcome }]);
                    }}
                  >
                    {t('Keep {{name}}', { name: r.name })}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {editable ? (
          <div className="pipeline-add">
            <label htmlFor={ids.add}>{t('New stage')}</label>
            <input
              id={ids.add}
              value={adding}
              maxLength={60}
              onChange={(e) => setAdding(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                add();
              }}
            />
            <button type="button" className="button button--small" onClick={add} disabled={!adding.trim() || rows.length >= maxStages}>
              {t('Add stage')}
            </button>
          </div>
        ) : null}
      </fieldset>
      <SettingsFormEnd
        error={saving.error}
        saved={saved}
        editable={editable}
        busy={saving.busy}
        submitLabel={kind === 'deal' ? t('Save deals stages') : t('Save support stages')}
      />
    </form>
  );
}

function StageRow({
  row,
  kind,
  index,
  count,
  editable,
  onChange,
  onMove,
  onRemove,
}: {
  row: Row;
  kind: CaseKind;
  index: number;
  count: number;
  editable: boolean;
  onChange: (change: Partial<Row>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: row.key, disabled: !editable });
  const label = row.name.trim() || `stage ${index + 1}`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`pipeline-stage${isDragging ? ' pipeline-stage--dragging' : ''}`}
      data-stage={row.name}
    >
      {editable ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="pipeline-stage__handle"
          {...attributes}
          {...listeners}
          aria-label={t('Drag {{label}} to reorder (Space, then ↑ or ↓, then Space)', { label })}
        />
      ) : null}
      <input
        className="pipeline-stage__name"
        value={row.name}
        maxLength={60}
        aria-label={t('Name of stage {{index}}', { index: index + 1 })}
        onChange={(e) => onChange({ name: e.target.value })}
        onKeyDown={(e) => {
          // Alt+↑ / Alt+↓ move the stage from its name, without a mouse.
          if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
          e.preventDefault();
          onMove(index + (e.key === 'ArrowUp' ? -1 : 1));
          const input = e.currentTarget;
          requestAnimationFrame(() => input.focus());
        }}
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
      />
      <select
        value={row.outcome}
        aria-label={`What ${label} means`}
        onChange={(e) => onChange({ outcome: outcomesOf[kind].find((o) => o === e.target.value) ?? 'open' })}
      >
        {outcomesOf[kind].map((o) => (
          <option key={o} value={o}>
            {outcomeNames[o]}
          </option>
        ))}
      </select>
      {editable ? (
        <>
          <button type="button" className="button button--small" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move ${label} up`}>
            ↑
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
            aria-label={`Move ${label} down`}
          >
            ↓
          </button>
          <button type="button" className="button button--small" disabled={count === 1} onClick={onRemove} aria-label={`Delete ${label}`}>
            {t('Delete')}
          </button>
        </>
      ) : null}
    </li>
  );
}

/** A problem the contract found, in the form's words: "Stage 3: "won" is listed twice". */
function describe(path: readonly PropertyKey[], message: string, rows: Row[]): string {
  const [head, index] = path;
  if (head === 'stages' && typeof index === 'number')
    return rows[index]?.name
      ? i18n.t('Stage {{number}} ({{name}}): {{message}}', { number: index + 1, name: rows[index]?.name, message })
      : i18n.t('Stage {{number}}: {{message}}', { number: index + 1, message });
  if (head === 'stages') return i18n.t('Stages: {{message}}', { message });
  if (head === 'moves') return i18n.t('Moving cases: {{message}}', { message });
  return message;
}
