import { useCallback, useId, useRef, useState } from 'react';
import { caseColumns, isBuiltInColumn, type CustomFieldDefinition } from '@casehub/contract';
import { useDismiss } from '../../lib/useDismiss';
import { kindLabel } from './format';
import { columnDefs } from './CaseTable';
import { useTranslation } from 'react-i18next';

/**
 * The one column picker of the case list (kept in the URL, and by a saved
 * view): the built-in columns, then the custom fields the list may show
 * (`cf:<id>`). Title always shows. A built-in column comes back in its usual
 * place; a custom field goes last. Names this menu does not offer (a field
 * of the other kind while a kind is chosen) are kept as they are.
 */
export function ColumnsMenu({
  columns,
  fields,
  showKind,
  onChange,
}: {
  columns: string[];
  /** The custom fields offered (those of the list's kind). */
  fields: readonly CustomFieldDefinition[];
  /** Whether to name each field's kind (no kind chosen: two kinds may share a label). */
  showKind: boolean;
  onChange: (columns: string[]) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, button, popup);
  const menuId = useId();

  // The URL changes a moment after the click (a router navigation): until it does, the boxes show the choice just made.
  const key = columns.join(',');
  const [pending, setPending] = useState<{ from: string; next: string[] } | null>(null);
  const shown = pending?.from === key ? pending.next : columns;
  const change = (next: string[]): void => {
    setPending({ from: key, next });
    onChange(next);
  };

  const toggle = (name: string, on: boolean): void => {
    const columns = shown;
    if (!on) return change(columns.filter((c) => c !== name));
    if (columns.includes(name)) return;
    if (!isBuiltInColumn(name)) return change([...columns, name]);
    // A built-in column goes back before the next built-in one that shows, so the usual order holds.
    const after = caseColumns.slice(caseColumns.indexOf(name) + 1);
    const at = columns.findIndex((c) => after.some((k) => k === c));
    change(
      at < 0
        ? [...columns.filter(isBuiltInColumn), name, ...columns.filter((c) => !isBuiltInColumn(c))]
        : [...columns.slice(0, at), name, ...columns.slice(at)],
    );
  };

  return (
    <div className="columns-menu">
      <button ref={button} type="button" className="button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
        {t('Columns')}
      </button>
      {open ? (
        <div ref={popup} id={menuId} className="menu columns-menu__popup">
          <fieldset className="columns-menu__list">
            <legend className="visually-hidden">{t('Columns to show')}</legend>
            {caseColumns.map((name) => (
              <label key={name} className="columns-menu__item">
                <input
                  type="checkbox"
                  checked={name === 'title' || shown.includes(name)}
                  disabled={name === 'title'}
                  onChange={(e) => toggle(name, e.target.checked)}
                />
                {t(columnDefs[name].label)}
              </label>
            ))}
          </fieldset>
          {fields.length > 0 ? (
            <fieldset className="columns-menu__list columns-menu__custom">
              <legend className="columns-menu__legend">{t('Custom fields')}</legend>
              {fields.map((f) => (
                <label key={f.id} className="columns-menu__item">
                  <input type="checkbox" checked={shown.includes(`cf:${f.id}`)} onChange={(e) => toggle(`cf:${f.id}`, e.target.checked)} />
                  {f.label}
                  {showKind ? <span className="muted"> ({kindLabel(f.kind)})</span> : null}
                </label>
              ))}
            </fieldset>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
