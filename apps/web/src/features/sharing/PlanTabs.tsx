import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

interface PlanTabsProps {
  account: ReactNode;
  mutual: (active: boolean) => ReactNode;
}

const tabs = [
  { key: 'account', label: msg('Account plan') },
  { key: 'mutual', label: msg('Mutual plan') },
] as const;
type TabKey = (typeof tabs)[number]['key'];

/**
 * The internal account plan and the mutual plan (shared with guests) side by
 * side as tabs. Both editors stay mounted (carets, undo history), the
 * hidden one out of the accessibility tree. ←/→, Home/End move between tabs.
 */
export function PlanTabs({ account, mutual }: PlanTabsProps) {
  const { t } = useTranslation();
  const [active, setActive] = useState<TabKey>('account');
  const base = useId();
  const refs = useRef<Record<TabKey, HTMLButtonElement | null>>({ account: null, mutual: null });

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((tab) => tab.key === active);
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    const key = tabs[next]?.key ?? 'account';
    setActive(key);
    refs.current[key]?.focus();
  };

  return (
    <div className="plan-tabs">
      <div className="plan-tabs__list" role="tablist" aria-label={t('Plans')} onKeyDown={onKey}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[tab.key] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${tab.key}-tab`}
            aria-controls={`${base}-${tab.key}-panel`}
            aria-selected={active === tab.key}
            tabIndex={active === tab.key ? 0 : -1}
            className="plan-tabs__tab"
            onClick={() => setActive(tab.key)}
          >
            {t(tab.label)}
            {tab.key === 'mutual' ? <span className="plan-tabs__note">{t('with guests')}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-account-panel`} aria-labelledby={`${base}-account-tab`} hidden={active !== 'account'}>
        {account}
      </div>
      <div role="tabpanel" id={`${base}-mutual-panel`} aria-labelledby={`${base}-mutual-tab`} hidden={active !== 'mutual'}>
        {mutual(active === 'mutual')}
      </div>
    </div>
  );
}
