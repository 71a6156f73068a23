import { useTranslation } from 'react-i18next';
/**
 * A table's column headings, left out where null; with `actions`, a last
 * column for each row's buttons, named for screen readers only.
 */
export function TableHead({ columns, actions = false }: { columns: ReadonlyArray<string | null>; actions?: boolean }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          c === null ? null : (
            <th key={c} scope="col">
              {c}
            </th>
          ),
        )}
        {actions ? (
          <th scope="col">
            <span className="visually-hidden">{t('Actions')}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
