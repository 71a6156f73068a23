import { Link } from 'react-router';
import { customValueText, type CaseSummary, type CustomFieldDefinition } from '@casehub/contract';
import { customValueShape } from '@casehub/case-document';
import { capitalize, formatDate, formatMoney } from './format';
import { RelativeTime } from '../../components/RelativeTime';
import type { SortKey, SortOrder } from './listParams';

interface Column {
  label: string;
  sort?: SortKey;
  className?: string;
}

const columns: Column[] = [
  { label: 'Title', sort: 'title' },
  { label: 'Kind' },
  { label: 'Stage', sort: 'stage' },
  { label: 'Owner' },
  { label: 'Value', sort: 'value', className: 'num' },
  { label: 'Close date', sort: 'closeDate' },
  { label: 'Updated', sort: 'updatedAt' },
];

interface CaseTableProps {
  cases: CaseSummary[];
  sort: SortKey;
  order: SortOrder;
  onSort: (sort: SortKey) => void;
  busy: boolean;
  /** [issue 17.3] Custom fields shown as extra columns, and the names of people for person fields. */
  customColumns?: CustomFieldDefinition[];
  people?: ReadonlyMap<string, string>;
}

function customCell(def: CustomFieldDefinition, c: CaseSummary, people: ReadonlyMap<string, string> | undefined): string {
  const parsed = customValueShape.safeParse(c.custom[def.id]);
  return customValueText(def, parsed.success ? parsed.data : undefined, people);
}

export function CaseTable({ cases, sort, order, onSort, busy, customColumns = [], people }: CaseTableProps) {
  return (
    <div className="table-wrap">
      <table className="case-table" aria-label="Cases" aria-busy={busy}>
        <thead>
          <tr>
            {columns.map((col) => {
              const active = col.sort !== undefined && col.sort === sort;
              return (
                <th key={col.label} scope="col" className={col.className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
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
            {customColumns.map((def) => (
              <th key={def.id} scope="col" className={def.type === 'number' || def.type === 'money' ? 'num' : undefined}>
                {def.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td className="case-table__title">
                {c.unread ? <span className="case-list__unread" role="img" aria-label="New since you last read it" title="New since you last read it" /> : null}
                <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                {c.account ? <span className="muted case-table__account">{c.account}</span> : null}
              </td>
              <td>
                <span className={`tag tag--${c.kind}`}>{capitalize(c.kind)}</span>
              </td>
              <td>{c.stage}</td>
              <td>{c.ownerName ?? <span className="muted">Unassigned</span>}</td>
              <td className="num">{formatMoney(c.value, c.currency)}</td>
              <td>{formatDate(c.closeDate)}</td>
              <td>
                <RelativeTime iso={c.updatedAt} />
              </td>
              {customColumns.map((def) => (
                <td key={def.id} className={def.type === 'number' || def.type === 'money' ? 'num' : undefined}>
                  {customCell(def, c, people)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
