import { useState } from 'react';
import type { CsvKind } from '@casehub/contract';
import { csvApi } from './csvApi';
import { CsvImportDialog } from './CsvImportDialog';

/** The list page's "Import CSV" and "Export CSV" (issue 16.2). */
export function CsvActions({ kind, onImported }: { kind: CsvKind; onImported: () => void }) {
  const [importing, setImporting] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setImporting(true)}>
        Import CSV
      </button>
      <a className="button" href={csvApi.exportHref(kind)} download>
        Export CSV
      </a>
      {importing ? <CsvImportDialog kind={kind} onClose={() => setImporting(false)} onImported={onImported} /> : null}
    </>
  );
}
