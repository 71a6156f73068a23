import { useEffect, useState } from 'react';
import type { EmailDetail } from '../../lib/api';
import { api } from '../../lib/api';
import { KindIcon } from './kinds';
import { useTranslation } from 'react-i18next';

type Attachment = EmailDetail['attachments'][number];

// Attachments never change once an email is stored, so one fetch per email per page load is enough.
const cache = new Map<string, Promise<Attachment[]>>();

function attachmentsOf(emailId: string): Promise<Attachment[]> {
  let p = cache.get(emailId);
  if (!p) {
    p = api.getEmail(emailId).then(
      (e) => e.attachments,
      (err: unknown) => {
        cache.delete(emailId);
        throw err;
      },
    );
    cache.set(emailId, p);
  }
  return p;
}

/**
 * The files an email brought, under its stream entry. Fetched only for rows
 * on screen (the list is virtualised), after a short pause so fast
 * scrolling does not fire a request per row it passes.
 */
export function AttachmentChips({ emailId, onOpenFile }: { emailId: string; onOpenFile: (fileId: string) => void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<Attachment[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      attachmentsOf(emailId).then(
        (list) => {
          if (!cancelled) setFiles(list);
        },
        () => undefined,
      );
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [emailId]);
  if (!files || files.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label={t('Attached files')}>
      {files.map((f) => (
        <li key={f.fileId}>
          <button type="button" className="attachment-chip" data-kind="file" onClick={() => onOpenFile(f.fileId)} title={t('Open {{name}}', { name: f.name })}>
            <KindIcon kind="file" size={13} />
            {f.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
