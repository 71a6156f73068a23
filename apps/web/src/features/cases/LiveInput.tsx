import { useId, useState, type InputHTMLAttributes } from 'react';

export type Parsed = { ok: true; display: string; commit: () => void } | { ok: false; error: string };

interface LiveInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'> {
  label: string;
  /** The document's current value, formatted for the input. */
  value: string;
  /** Validates raw input; on success `commit` writes it to the document. */
  parse: (raw: string) => Parsed;
}

/**
 * An input bound live to a document field: every keystroke that makes a
 * valid value is written at once, so others see it as it is typed.
 *
 * The document holds the normalized value ("Acme" for "Acme "), so while
 * focused we keep showing what the person typed as long as it normalizes to
 * what the document holds: the caret does not jump and trailing spaces survive.
 * A remote change that disagrees wins and replaces the draft. An invalid
 * draft is kept with its error until blur, then the document value returns.
 */
export function LiveInput({ label, value, parse, className, ...rest }: LiveInputProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [draft, setDraft] = useState<string | null>(null);

  const parsedDraft = draft === null ? null : parse(draft);
  const showDraft = parsedDraft !== null && (!parsedDraft.ok || parsedDraft.display === value);
  const error = parsedDraft && !parsedDraft.ok ? parsedDraft.error : undefined;

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...rest}
        value={showDraft && draft !== null ? draft : value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          setDraft(raw);
          const parsed = parse(raw);
          if (parsed.ok) parsed.commit();
        }}
        onBlur={() => setDraft(null)}
      />
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
