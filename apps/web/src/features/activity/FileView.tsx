import { useEffect, useState } from 'react';
import { Async } from '../../components/Async';
import { api, fileContentUrl, type FileInfo } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { formatBytes, formatDateTime, textStatusLabel } from './format';
import { PdfPreview } from './PdfPreview';
import { useTranslation } from 'react-i18next';

export const isPdf = (f: Pick<FileInfo, 'name' | 'contentType'>): boolean => /pdf/i.test(f.contentType) || /\.pdf$/i.test(f.name);

/** Polls while the server is still reading the file's text, so the status turns into its outcome. */
function useFile(fileId: string) {
  const [tick, setTick] = useState(0);
  const file = useApi(`file:${fileId}:${tick}`, (signal) => api.getFile(fileId, signal));
  const pending = file.data?.textStatus === 'pending';
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(t);
  }, [pending, file.data]);
  return file;
}

/** A file on the case: what it is, whether its text is searchable (or why not), a preview and a download. */
export function FileView({ fileId, preview = true }: { fileId: string; preview?: boolean }) {
  const { t } = useTranslation();
  const file = useFile(fileId);
  return (
    <Async value={file} what={t('the file')}>
      {(f) => <FileDetails f={f} preview={preview} />}
    </Async>
  );
}

function FileDetails({ f, preview }: { f: FileInfo; preview: boolean }) {
  const { t } = useTranslation();
  const [showPreview, setShowPreview] = useState(preview);
  const pdf = isPdf(f);
  return (
    <div className="file-view">
      <dl className="meta-list">
        <dt>{t('Name')}</dt>
        <dd data-testid="file-name">{f.name}</dd>
        <dt>{t('Size')}</dt>
        <dd>{formatBytes(f.size)}</dd>
        <dt>{t('Type')}</dt>
        <dd>{f.contentType}</dd>
        {f.createdAt ? (
          <>
            <dt>{t('Added')}</dt>
            <dd>{formatDateTime(f.createdAt)}</dd>
          </>
        ) : null}
        <dt>{t('Text')}</dt>
        <dd data-testid="file-text-status" className={`text-status text-status--${f.textStatus}`}>
          {textStatusLabel(f.textStatus, f.textReason)}
          {f.pages ? ` · ${t('{{count}} pages', { count: f.pages })}` : ''}
        </dd>
      </dl>
      <div className="file-view__actions">
        <a className="button" href={fileContentUrl(f.id)} download={f.name}>
          {t('Download')}
        </a>
        {pdf && !showPreview ? (
          <button type="button" className="button" onClick={() => setShowPreview(true)}>
            {t('Preview PDF')}
          </button>
        ) : null}
      </div>
      {pdf && showPreview ? <PdfPreview url={fileContentUrl(f.id)} name={f.name} /> : null}
    </div>
  );
}
