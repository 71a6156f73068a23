import { useState } from 'react';
import { Async } from '../../components/Async';
import { useApi } from '../../lib/useApi';
import { triageApi } from './triageApi';
import { useTranslation } from 'react-i18next';

/** The workspace's inbox address, with a copy button: mail sent there is routed, and what no case takes waits in triage. */
export function InboxAddress() {
  const { t } = useTranslation();
  const address = useApi('triage-address', (signal) => triageApi.address(signal));
  return (
    <Async value={address} what={t('the inbox address')}>
      {(inbox) => <CopyAddress address={inbox} />}
    </Async>
  );
}

function CopyAddress({ address }: { address: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = (): void => {
    // No clipboard outside a secure context (plain http to another host).
    if (!('clipboard' in navigator)) return setCopied('failed');
    navigator.clipboard.writeText(address).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <p className="copy-row">
      <code data-testid="inbox-address">{address}</code>{' '}
      <button type="button" className="button button--small" onClick={copy} aria-label={t('Copy the inbox address')}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className="muted">
        {copied === 'failed' ? ' Could not copy: select the address and copy it by hand.' : ''}
      </span>
    </p>
  );
}
