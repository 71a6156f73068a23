import { i18n } from '../../i18n';
import { csvImportResult, type CsvImportResult, type CsvKind, type CsvMapping } from '@casehub/contract';
import { ApiError, call, sendRaw, urlOf } from '../../lib/api';

const exportKeys = { contacts: 'GET /api/contacts.csv', accounts: 'GET /api/accounts.csv', cases: 'GET /api/cases.csv' } as const satisfies Record<
  CsvKind,
  string
>;

const asCsv = (file: Blob) => ({ raw: file, type: 'text/csv' });

export const csvApi = {
  preview: (kind: CsvKind, file: Blob) => call('POST /api/csv/{kind}/preview', { params: { kind }, body: asCsv(file) }),
  dryRun: (kind: CsvKind, file: Blob, mapping: CsvMapping) =>
    call('POST /api/csv/{kind}/import', { params: { kind }, query: { mapping: JSON.stringify(mapping), dryRun: 'true' }, body: asCsv(file) }),

  /** Runs the import, telling `onProgress` as rows go in (the server streams one JSON line per step). */
  async run(kind: CsvKind, file: Blob, mapping: CsvMapping, onProgress: (done: number, total: number) => void): Promise<CsvImportResult> {
    const path = urlOf('POST /api/csv/{kind}/import', { params: { kind }, query: { mapping: JSON.stringify(mapping) } });
    const res = await sendRaw('POST', path, asCsv(file), 'application/x-ndjson');
    if (!res.body) throw new ApiError(res.status, 'bad_response', i18n.t('The server sent no answer.'));
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      buffered += value ?? '';
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const message = JSON.parse(line) as { progress?: { done: number; total: number }; result?: unknown; error?: { code: string; message: string } };
        if (message.progress) onProgress(message.progress.done, message.progress.total);
        if (message.error) throw new ApiError(500, message.error.code, message.error.message);
        if (message.result) return csvImportResult.parse(message.result);
      }
      if (done) throw new ApiError(res.status, 'bad_response', i18n.t('The import stopped without an answer; check the list before trying again.'));
    }
  },

  exportHref: (kind: CsvKind) => urlOf(exportKeys[kind]),
};
