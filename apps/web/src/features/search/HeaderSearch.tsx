import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

const typingTarget = (el: EventTarget | null): boolean => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** The global search box in the header; `/` focuses it from anywhere that is not a text field. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setQ(current), [current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const text = q.trim();
    if (text) void navigate(`/search?q=${encodeURIComponent(text)}`);
  };

  return (
    <form role="search" aria-label={t('Search everything')} className="header-search" onSubmit={submit}>
      <input
        ref={input}
        type="search"
        aria-label={t('Search all cases')}
        placeholder={t('Search cases, notes, emails, files  ( / )')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') input.current?.blur();
        }}
      />
    </form>
  );
}
