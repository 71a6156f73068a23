import { useId, useMemo, useState } from 'react';

export type Recipient = { name: string; address: string; hint?: string };

/** The address being typed: what follows the last comma. */
function lastToken(value: string): { head: string; token: string } {
  const at = value.lastIndexOf(',');
  return at < 0 ? { head: '', token: value.trim() } : { head: value.slice(0, at + 1), token: value.slice(at + 1).trim() };
}

const format = (r: Recipient): string => (r.name ? `${r.name} <${r.address}>` : r.address);

/**
 * A comma-separated list of addresses with suggestions (the case's contacts
 * and stakeholders) for the one being typed: ↑/↓ choose, Enter or Tab takes
 * it, Escape closes the list (ARIA combobox with a listbox).
 */
export function RecipientsInput({
  id,
  value,
  onChange,
  suggestions,
  placeholder,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (next: string) => void;
  suggestions: Recipient[];
  placeholder?: string;
  disabled?: boolean;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const { head, token } = lastToken(value);
  const matches = useMemo(() => {
    const q = token.toLowerCase();
    if (q.length === 0) return [];
    const chosen = value.toLowerCase();
    return suggestions
      .filter(
        (s) =>
          (s.address.toLowerCase().includes(q) || s.name.toLowerCase().includes(q)) &&
          !chosen.includes(`${s.address.toLowerCase()}>`) &&
          s.address.toLowerCase() !== q,
      )
      .slice(0, 8);
  }, [suggestions, token, value]);
  const shown = open && matches.length > 0;

  const take = (r: Recipient): void => {
    onChange(`${head}${head ? ' ' : ''}${format(r)}, `);
    setOpen(false);
  };

  return (
    <div className="combobox">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown ? `${listId}-${active}` : undefined}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (!shown) return;
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            const pick = matches[active];
            if (pick) {
              e.preventDefault();
              take(pick);
            }
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <ul id={listId} role="listbox" className="combobox__list">
          {matches.map((m, i) => (
            <li
              key={m.address}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'combobox__option combobox__option--active' : 'combobox__option'}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                take(m);
              }}
            >
              <span>{m.name || m.address}</span> <span className="muted">{m.name ? m.address : ''}</span>
              {m.hint ? <span className="muted"> · {m.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
