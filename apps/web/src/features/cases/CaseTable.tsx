import type { ReactNode } from 'react';
import { Link } from 'react-router';
import {
  customFieldIdOfKey,
  customValueText,
  isBuiltInColumn,
  isCustomFieldKey,
  type CaseColumn,
  type CaseSummary,
  type CustomFieldDefinition,
} from '@casehub/contract';
import { customValueShape } from '@casehub/case-document';
import { formatDate, formatMoney, kindLabel, priorityLabel } from './format';
import { RelativeTime } from '../../components/RelativeTime';
import type { SortKey, SortOrder } from './listParams';
import { useTranslation } from 'react-i18next';
import { i18n, msg } from '../../i18n';

interface Column {
  label: string;
  sort?: SortKey;
  className?: string;
  /** Only on the body's cells. */
  cellClass?: string;
  cell: (c: CaseSummary) => ReactNode;
}

/** The built-in columns; Title leads whatever the order asked for, since it opens the case. Labels in English, shown through `t()`. */
export const columnDefs: Record<CaseColumn, Column> = {
  title: {
    label: msg('Title'),
    sort: 'title',
    cellClass: 'case-table__title',
    cell: (c) => (
      <>
        {c.unread ? (
          <span className="case-list__unread" role="img" aria-label={i18n.t('New since you last read it')} title={i18n.t('New since you last read it')} />
        ) : null}
        <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link>
        {c.account ? <span className="muted case-table__account">{c.account}</span> : null}
      </>
    ),
  },
  kind: { label: msg('Kind'), cell: (c) => <span className={`tag tag--${c.kind}`}>{kindLabel(c.kind)}</span> },
  stage: { label: msg('Stage'), sort: 'stage', cell: (c) => c.stage },
  priority: { label: msg('Priority'), cell: (c) => (c.priority ? priorityLabel(c.priority) : <span className="muted">{i18n.t('None')}</span>) },
  owner: { label: msg('Owner'), cell: (c) => c.ownerName ?? <span className="muted">{i18n.t('Unassigned')}</span> },
  value: { label: msg('Value'), sort: 'value', className: 'num', cell: (c) => formatMoney(c.value, c.currency) },
  closeDate: { label: msg('Close date'), sort: 'closeDate', cell: (c) => formatDate(c.closeDate) },
  createdAt: { label: msg('Created'), sort: 'createdAt', cell: (c) => <RelativeTime iso={c.createdAt} /> },
  updatedAt: { label: msg('Updated'), sort: 'updatedAt', cell: (c) => <RelativeTime iso={c.updatedAt} /> },
};

/** [issue 17.3] A custom field's column: its label, its values as text, sortable on the server (`sort=cf:<id>`). */
function customColumn(def: CustomFieldDefinition, people: ReadonlyMap<string, string> | undefined): Column {
  const numeric = def.type === 'number' || def.type === 'money';
  return {
    label: def.label,
    sort: `cf:${def.id}`,
    ...(numeric && { className: 'num' }),
    cell: (c) => {
      const parsed = customValueShape.safeParse(c.custom[def.id]);
      return customValueText(def, parsed.success ? parsed.data : undefined, people);
    },
  };
}

/**
 * The columns to draw, in the order asked for with Title first: built-in
 * names and `cf:<id>` for the custom fields given (those of the list's kind);
 * a name this list cannot draw (a field deleted, or of the other kind) is
 * skipped but stays in the URL and the view.
 */
export function tableColumns(
  names: readonly string[],
  fields: readonly CustomFieldDefinition[],
  people?: ReadonlyMap<string, string>,
): Array<Column & { name: string }> {
  const out: Array<Column & { name: string }> = [{ name: 'title', ...columnDefs.title, label: i18n.t(columnDefs.title.label) }];
  for (const name of names) {
    if (name === 'title') continue;
    if (isBuiltInColumn(name)) out.push({ name, ...columnDefs[name], label: i18n.t(columnDefs[name].label) });
    else if (isCustomFieldKey(name)) {
      const def = fields.find((f) => f.id === customFieldIdOfKey(name));
      if (def) out.push({ name, ...customColumn(def, people) });
    }
  }
  return out;
}

interface CaseTableProps {
  cases: CaseSummary[];
  sort: SortKey;
  order: SortOrder;
  onSort: (sort: SortKey) => void;
  busy: boolean;
  /** Column names in order (listParams `columns`): built-in names and `cf:<id>`. */
  columns: readonly string[];
  /** [issue 17.3] The custom fields the list may show, and the names of people for person fields. */
  customFields?: readonly CustomFieldDefinition[];
  people?: ReadonlyMap<string, string>;
}

export function CaseTable({ cases, sort, order, onSort, busy, columns: names, customFields = [], people }: CaseTableProps) {
  const { t } = useTranslation();
  const columns = tableColumns(names, customFields, people);
  return (
    <div className="table-wrap">
      <table className="case-table" aria-label={t('Cases')} aria-busy={busy}>
        <thead>
          <tr>
            {columns.map((col) => {
              const active = col.sort !== undefined && col.sort === sort;
              return (
                <th key={col.name} scope="col" className={col.className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {col.sort ? (
                    <button type="button" className="sort-button" onClick={() => col.sort && onSort(col.sort)}>
                      {col.label}
                      <span className="sort-button__arrow" aria-hidden="true">
                        {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              {columns.map((col) => (
                <td key={col.name} className={col.cellClass ?? col.className}>
                  {col.cell(c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
