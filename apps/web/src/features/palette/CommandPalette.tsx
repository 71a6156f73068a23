import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkspaceRole } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { settingsPages } from '../workspace/pages';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

/** One thing the palette offers: a page, a case, a contact, an account, or an action. */
export type Command = { id: string; group: 'Actions' | 'Pages' | 'Cases' | 'Contacts' | 'Accounts'; label: string; hint?: string; run: () => void };

const pages = (role: WorkspaceRole): Array<[string, string]> => [
  ...(role !== 'guest' ? ([['/dashboard', msg('Dashboard')]] as Array<[string, string]>) : []),
  ['/cases', msg('Cases')],
  ['/search', msg('Search')],
  ...(role !== 'guest'
    ? ([
        ['/triage', msg('Triage')],
        ['/expectations', msg('Promises')],
        ['/contacts', msg('Contacts')],
        ['/accounts', msg('Accounts')],
      ] as Array<[string, string]>)
    : []),
  ...settingsPages(role),
  ['/settings/account', msg('Your settings')],
];

/** The group names, as shown (English; through `t()`). */
const groupNames: Record<Command['group'], string> = {
  Actions: msg('Actions'),
  Pages: msg('Pages'),
  Cases: msg('Cases'),
  Contacts: msg('Contacts'),
  Accounts: msg('Accounts'),
};

const matches = (text: string, q: string): boolean => text.toLowerCase().includes(q.toLowerCase());

/**
 * Ctrl/⌘+K (issue 17.7): type to find a case, contact, account or page, or
 * an action, and Enter to go; ↑/↓ choose, Escape closes. Cases, contacts
 * and accounts come from the server's own lists (what you may see), pages
 * and actions from your role.
 */
export function CommandPalette({ role, actions, onClose }: { role: WorkspaceRole; actions: Command[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputId = useId();
  const query = useDebouncedValue(q.trim(), 150);
  const member = role !== 'guest';
  const found = useApi(`palette:${query}`, async (signal) => {
    if (!query) return { cases: [], contacts: [], accounts: [] };
    const [cases, contacts, accounts] = await Promise.all([
      call('GET /api/cases', { query: { q: query, limit: 5 }, signal }),
      member ? call('GET /api/contacts', { query: { q: query, limit: 5 }, signal }) : Promise.resolve(null),
      member ? call('GET /api/accounts', { query: { q: query, limit: 5 }, signal }) : Promise.resolve(null),
    ]);
    return { cases: cases.cases, contacts: contacts?.contacts ?? [], accounts: accounts?.accounts ?? [] };
  });

  const go = useCallback(
    (to: string) => () => {
      onClose();
      void navigate(to);
    },
    [navigate, onClose],
  );
  const commands = useMemo<Command[]>(() => {
    const wanted = q.trim();
    const fromServer = found.data ?? { cases: [], contacts: [], accounts: [] };
    return [
      ...actions.filter((a) => !wanted || matches(a.label, wanted)),
      ...pages(role)
        .map(([to, label]): [string, string] => [to, t(label)])
        .filter(([, label]) => !wanted || matches(label, wanted))
        .map(([to, label]): Command => ({ id: `page:${to}`, group: 'Pages', label, run: go(to) })),
      ...fromServer.cases.map((c): Command => ({
        id: `case:${c.id}`,
        group: 'Cases',
        label: c.title,
        hint: `${c.kind} · ${c.stage}`,
        run: go(`/cases/${c.id}`),
      })),
      ...fromServer.contacts.map((c): Command => ({ id: `contact:${c.id}`, group: 'Contacts', label: c.name, hint: c.title, run: go(`/contacts/${c.id}`) })),
      ...fromServer.accounts.map((a): Command => ({
        id: `account:${a.id}`,
        group: 'Accounts',
        label: a.name,
        hint: a.domains.join(', '),
        run: go(`/accounts/${a.id}`),
      })),
    ];
  }, [q, found.data, actions, role, go, t]);

  useEffect(() => setActive(0), [q]);
  const current = commands[Math.min(active, commands.length - 1)];
  const searching = query !== q.trim() || found.state === 'loading';

  return (
    <Dialog title={t('Go to')} onClose={onClose}>
      <div className="stack palette">
        <label htmlFor={inputId} className="visually-hidden">
          {t('Find a case, contact, account, page or action')}
        </label>
        <input
          id={inputId}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
          placeholder={t('Find a case, contact, account, page or action…')}
          value={q}
          autoComplete="off"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (commands.length > 0)
                setActive((a) => (Math.min(a, commands.length - 1) + (e.key === 'ArrowDown' ? 1 : commands.length - 1)) % commands.length);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              current?.run();
            }
          }}
        />
        {commands.length === 0 ? (
          <p className="muted" role="status">
            {searching ? t('Searching…') : t('Nothing matches “{{query}}”.', { query: q.trim() })}
          </p>
        ) : (
          <ul id={listId} role="listbox" aria-label={t('Results')} className="picker palette__list">
            {commands.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${c.id}`}
                role="option"
                aria-selected={c === current}
                className={c === current ? 'picker__option picker__option--active palette__option' : 'picker__option palette__option'}
                onMouseEnter={() => setActive(i)}
                onClick={() => c.run()}
              >
                <span className="palette__group muted">{t(groupNames[c.group])}</span>
                <span>{c.label}</span>
                {c.hint ? <span className="muted palette__hint">{c.hint}</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p className="muted palette__help">{t('↑ ↓ to choose · Enter to go · Esc to close · ? for every shortcut')}</p>
      </div>
    </Dialog>
  );
}
