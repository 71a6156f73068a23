import { createContext, memo, use, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  DndContext,
  DragOverlay,
  MouseSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { caseKinds, customValueShape, type CaseKind } from '@casehub/case-document';
import {
  customValueText,
  type CaseListQuery,
  type CaseSummary,
  type CustomFieldDefinition,
  type CustomFieldList,
  type PipelineList,
  type PipelineStage,
} from '@casehub/contract';
import { api, call } from '../../lib/api';
import { usePolled } from '../../lib/usePolled';
import { useDismiss } from '../../lib/useDismiss';
import { Async } from '../../components/Async';
import { stagesOf } from '../pipelines/usePipelines';
import { formatDate, formatMoney, outcomeLabel } from './format';
import { useBoardMoves } from './useBoardMoves';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

/** Most cards the board loads at once (the list endpoint's page limit). */
export const boardLimit = 200;
/** How often the board asks again: other people's moves arrive within this. */
const refreshMs = 4000;

// English; shown through `t()`.
const kindTitles: Record<CaseKind, string> = { deal: msg('Deals'), support: msg('Support') };

type Column = { stage: string; outcome: PipelineStage['outcome'] | null; cases: CaseSummary[] };

/** The kind's stages in order, then any stage a shown case is in that the pipeline lacks (an old client wrote it), so no card is hidden. */
function columnsOf(stages: PipelineStage[], cases: CaseSummary[]): Column[] {
  const columns: Column[] = stages.map((s) => ({ stage: s.name, outcome: s.outcome, cases: [] }));
  for (const c of cases) {
    let column = columns.find((col) => col.stage === c.stage);
    if (!column) {
      column = { stage: c.stage, outcome: null, cases: [] };
      columns.push(column);
    }
    column.cases.push(c);
  }
  return columns;
}

/** The column's value per currency, largest first: "$12,000 · €3,500". */
function totals(cases: CaseSummary[]): string {
  const sums = new Map<string, number>();
  for (const c of cases) if (c.value !== null) sums.set(c.currency, (sums.get(c.currency) ?? 0) + c.value);
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .map(([currency, sum]) => formatMoney(sum, currency))
    .join(' · ');
}

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

/** [issue 17.3] The custom fields a card shows (those with a value, at most `cardCustomFields`), without threading them through every column. */
const CardFieldsContext = createContext<readonly CustomFieldDefinition[]>([]);
const cardCustomFields = 3;

const dropId = (kind: CaseKind, stage: string): string => `${kind}\u0000${stage}`;

/**
 * The pipeline board (issue 17.1): the cases the list's filters select, as
 * cards in a column per stage, a board per kind. Drag a card to another
 * column, or use its "Move to…" menu from the keyboard; Undo (or Ctrl/⌘+Z)
 * takes the last move back. Other people's moves show within `refreshMs`.
 */
export function CaseBoard({
  query,
  pipelines,
  customFields,
}: {
  query: Partial<CaseListQuery>;
  pipelines: PipelineList | undefined;
  customFields?: CustomFieldList | undefined;
}) {
  const { t } = useTranslation();
  // A person field would show a bare id on a card; the list's column shows the name.
  const cardFields = useMemo(() => (customFields?.fields ?? []).filter((f) => f.type !== 'person'), [customFields]);
  const filters = { ...query, limit: boardLimit, offset: 0, sort: 'updatedAt' as const, order: 'desc' as const };
  const list = usePolled(`board ${JSON.stringify(filters)}`, (signal) => api.listCases(filters, signal), refreshMs);
  const atRisk = usePolled('board at-risk', (signal) => call('GET /api/expectations', { query: { view: 'at-risk' }, signal }), refreshMs * 4);
  const reload = list.reload;
  const moves = useBoardMoves(reload);
  const { undo, last } = moves;

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z' || isTyping(e.target)) return;
      if (!last || last.undone || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      undo();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, last]);

  const risks = useMemo(() => {
    const byCase = new Map<string, number>();
    for (const e of atRisk.data?.expectations ?? []) byCase.set(e.caseId, (byCase.get(e.caseId) ?? 0) + 1);
    return byCase;
  }, [atRisk.data]);

  const kinds = query.kind ? [query.kind] : [...caseKinds];
  return (
    <CardFieldsContext value={cardFields}>
      <div className="board">
        <Async value={list} what={t('the board')}>
          {(page) => {
            const cases = moves.overlay(page.cases);
            return (
              <>
                {page.total > page.cases.length ? (
                  <p className="notice" role="note">
                    {t(
                      'The board shows the {{shown}} most recently updated of {{total}} cases, and its totals count those. Narrow the filters to see the rest.',
                      {
                        shown: page.cases.length,
                        total: page.total,
                      },
                    )}
                  </p>
                ) : null}
                {kinds.map((kind) => (
                  <KindBoard
                    key={kind}
                    kind={kind}
                    stages={stagesOf(pipelines, kind)}
                    cases={cases.filter((c) => c.kind === kind)}
                    risks={risks}
                    onMove={moves.move}
                    only={kinds.length === 1}
                  />
                ))}
              </>
            );
          }}
        </Async>
        <div className="entry-toast board__toast" role="status" aria-live="polite">
          {moves.note ? (
            <p className="notice notice--success entry-toast__body">
              {moves.note}{' '}
              {moves.last && !moves.last.undone ? (
                <button type="button" className="link-button" disabled={moves.busy} onClick={moves.undo} aria-keyshortcuts="Control+Z Meta+Z">
                  {t('Undo')}
                </button>
              ) : null}{' '}
              <button type="button" className="link-button" aria-label={t('Dismiss')} onClick={moves.dismiss}>
                ×
              </button>
            </p>
          ) : null}
          {moves.error ? (
            <p className="notice notice--error" role="alert">
              {t('Could not move the case: {{reason}}', { reason: moves.error })}
            </p>
          ) : null}
        </div>
      </div>
    </CardFieldsContext>
  );
}

function KindBoard({
  kind,
  stages,
  cases,
  risks,
  onMove,
  only,
}: {
  kind: CaseKind;
  stages: PipelineStage[];
  cases: CaseSummary[];
  risks: ReadonlyMap<string, number>;
  onMove: (c: CaseSummary, to: string) => void;
  only: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const columns = columnsOf(stages, cases);
  const names = columns.map((c) => c.stage);
  const [dragging, setDragging] = useState<CaseSummary | null>(null);
  // A drag starts after 5 px with a mouse, after a short press on a touch screen (so a swipe still scrolls the board).
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
  );
  const byId = (id: string | number): CaseSummary | undefined => cases.find((c) => c.id === id);
  const stageOfDrop = (id: string | number | undefined): string | undefined => (typeof id === 'string' ? id.split('\u0000')[1] : undefined);
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('Picked up {{title}}.', { title: byId(active.id)?.title ?? t('a case') }),
    onDragOver: ({ active, over }) =>
      over ? t('{{title}} is over {{stage}}.', { title: byId(active.id)?.title ?? t('The case'), stage: stageOfDrop(over.id) ?? t('a column') }) : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('{{title}} was dropped in {{stage}}.', { title: byId(active.id)?.title ?? t('The case'), stage: stageOfDrop(over.id) ?? t('a column') })
        : t('{{title}} was put back.', { title: byId(active.id)?.title ?? t('The case') }),
    onDragCancel: ({ active }) => t('Moving {{title}} was cancelled.', { title: byId(active.id)?.title ?? t('the case') }),
  };

  const onDragStart = (e: DragStartEvent): void => setDragging(byId(e.active.id) ?? null);
  const onDragEnd = (e: DragEndEvent): void => {
    setDragging(null);
    const c = byId(e.active.id);
    const to = stageOfDrop(e.over?.id);
    if (c && to !== undefined && to !== c.stage) onMove(c, to);
  };

  return (
    <section className="board__kind" aria-labelledby={headingId}>
      <h2 id={headingId} className={only ? 'visually-hidden' : 'board__kind-title'}>
        {t(kindTitles[kind])}
      </h2>
      <DndContext
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('Drag the card to another stage with a mouse or a finger, or use its Move to… menu from the keyboard.') },
        }}
      >
        {/* Focusable: beside the views sidebar the columns often scroll sideways, and a kind with no cards has nothing else to reach that scroll from the keyboard. */}
        <div className="board__columns" role="group" aria-label={t('{{kind}} by stage', { kind: t(kindTitles[kind]) })} tabIndex={0}>
          {columns.map((col) => (
            <BoardColumn key={col.stage} kind={kind} column={col} stages={names} risks={risks} onMove={onMove} />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragging ? <CardBody c={dragging} risk={risks.get(dragging.id) ?? 0} /> : null}</DragOverlay>
      </DndContext>
    </section>
  );
}

function BoardColumn({
  kind,
  column,
  stages,
  risks,
  onMove,
}: {
  kind: CaseKind;
  column: Column;
  stages: string[];
  risks: ReadonlyMap<string, number>;
  onMove: (c: CaseSummary, to: string) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: dropId(kind, column.stage) });
  const titleId = useId();
  const sum = totals(column.cases);
  const n = column.cases.length;
  return (
    <section ref={setNodeRef} className={`board__column${isOver ? ' board__column--over' : ''}`} aria-labelledby={titleId} data-stage={column.stage}>
      <header className="board__column-head">
        <h3 id={titleId} className="board__column-title">
          {column.stage}
        </h3>
        {column.outcome && column.outcome !== 'open' ? (
          <span className={`tag board__outcome board__outcome--${column.outcome}`}>{outcomeLabel(column.outcome)}</span>
        ) : null}
        {column.outcome === null ? <span className="tag board__outcome">{t('Not in the pipeline')}</span> : null}
        <p className="board__totals" data-testid="column-totals">
          <span className="board__count">{t('{{count}} cases', { count: n })}</span>
          {sum ? <span className="board__sum">{sum}</span> : null}
        </p>
      </header>
      {n === 0 ? (
        <p className="board__empty muted">{t('No cases')}</p>
      ) : (
        <ul className="board__cards" aria-labelledby={titleId}>
          {column.cases.map((c) => (
            <BoardCard key={c.id} c={c} stages={stages} risk={risks.get(c.id) ?? 0} onMove={onMove} />
          ))}
        </ul>
      )}
    </section>
  );
}

const BoardCard = memo(function BoardCard({
  c,
  stages,
  risk,
  onMove,
}: {
  c: CaseSummary;
  stages: string[];
  risk: number;
  onMove: (c: CaseSummary, to: string) => void;
}) {
  // Pointer listeners only: the card holds a link and a menu button, so it is not itself a focusable control; the menu is the keyboard's way.
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: c.id });
  return (
    <li ref={setNodeRef} {...listeners} className={`board-card${isDragging ? ' board-card--dragging' : ''}`} data-case-id={c.id}>
      <CardBody c={c} risk={risk} menu={<MoveMenu c={c} stages={stages} onMove={onMove} />} />
    </li>
  );
});

function CardBody({ c, risk, menu }: { c: CaseSummary; risk: number; menu?: ReactNode }) {
  const { t } = useTranslation();
  const custom = use(CardFieldsContext)
    .filter((f) => f.kind === c.kind)
    .map((f) => {
      const parsed = customValueShape.safeParse(c.custom[f.id]);
      return { f, text: parsed.success ? customValueText(f, parsed.data) : '' };
    })
    .filter((x) => x.text !== '')
    .slice(0, cardCustomFields);
  return (
    <div className="board-card__body">
      <div className="board-card__top">
        {c.unread ? (
          <span className="case-list__unread" role="img" aria-label={t('New since you last read it')} title={t('New since you last read it')} />
        ) : null}
        <Link className="board-card__title" to={`/cases/${encodeURIComponent(c.id)}`}>
          {c.title}
        </Link>
        {menu}
      </div>
      {c.account ? <p className="board-card__account muted">{c.account}</p> : null}
      <dl className="board-card__facts">
        <div>
          <dt className="visually-hidden">{t('Owner')}</dt>
          <dd>{c.ownerName ?? <span className="muted">{t('Unassigned')}</span>}</dd>
        </div>
        {c.value !== null ? (
          <div>
            <dt className="visually-hidden">{t('Value')}</dt>
            <dd className="board-card__value">{formatMoney(c.value, c.currency)}</dd>
          </div>
        ) : null}
        {c.closeDate ? (
          <div>
            <dt className="visually-hidden">{t('Close date')}</dt>
            <dd>{t('Closes {{date}}', { date: formatDate(c.closeDate) })}</dd>
          </div>
        ) : null}
        {custom.map(({ f, text }) => (
          <div key={f.id} className="card__custom">
            <dt>{f.label}</dt>
            <dd>{f.type === 'checkbox' ? (text === 'yes' ? '✓' : '✗') : text}</dd>
          </div>
        ))}
      </dl>
      {risk > 0 ? <p className="board-card__risk">{t('{{count}} promises at risk', { count: risk })}</p> : null}
    </div>
  );
}

/** "Move to…": the keyboard's way to move a card (↑/↓ through the stages, Enter to move, Escape to close). */
function MoveMenu({ c, stages, onMove }: { c: CaseSummary; stages: string[]; onMove: (c: CaseSummary, to: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useDismiss(open, close, buttonRef, menuRef);
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  const targets = stages.filter((s) => s !== c.stage);

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.findIndex((i) => i === document.activeElement);
    const go = (i: number): void => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape') {
      setOpen(false);
      buttonRef.current?.focus();
    } else if (e.key === 'Tab') setOpen(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <span
      className="board-card__move"
      onPointerDown={(e) => e.stopPropagation()}
      onMouseDown={(e) => e.stopPropagation()}
      onTouchStart={(e) => e.stopPropagation()}
    >
      <button
        ref={buttonRef}
        type="button"
        className="link-button board-card__move-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={targets.length === 0}
        onClick={() => setOpen((o) => !o)}
      >
        <Trans i18nKey="Move <hidden>{{title}} </hidden>to…" values={{ title: c.title }} components={{ hidden: <span className="visually-hidden" /> }} />
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          className="menu board-card__menu"
          role="menu"
          aria-label={t('Move {{title}} to', { title: c.title })}
          onKeyDown={onMenuKey}
        >
          {targets.map((s) => (
            <button
              key={s}
              type="button"
              role="menuitem"
              className="menu__item"
              onClick={() => {
                setOpen(false);
                onMove(c, s);
                // The card is drawn again in its new column: keep the keyboard on it there.
                requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-case-id="${CSS.escape(c.id)}"] .board-card__move-button`)?.focus());
              }}
            >
              {s}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  );
}
