import { useState } from 'react';
import type { CsvKind } from '@casehub/contract';
import { csvApi } from './csvApi';
import { CsvImportDialog } from './CsvImportDialog';
import { useTranslation } from 'react-i18next';

/** The list page's "Import CSV" and "Export CSV" (issue 16.2). */
export function CsvActions({ kind, onImported }: { kind: CsvKind; onImported: () => void }) {
  const { t } = useTranslation();
  const [importing, setImporting] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setImporting(true)}>
        {t('Import CSV')}
      </button>
      <a className="button" href={csvApi.exportHref(kind)} download>
        {t('Export CSV')}
      </a>
      {importing ? <CsvImportDialog kind={kind} onClose={() => setImporting(false)} onImported={onImported} /> : null}
    </>
  );
}
