import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { fieldsMap, readCustomValues, type CaseKind, type CustomValue } from '@casehub/case-document';
import type { CustomFieldDefinition, CustomFieldList } from '@casehub/contract';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';

/** Every kind's custom fields (Settings → Custom fields), loaded once per page that asks; guests load none. */
export function useCustomFields({ enabled = true }: { enabled?: boolean } = {}) {
  return useApi('custom-fields', (signal) => call('GET /api/settings/custom-fields', { signal }), { enabled });
}

export const fieldsOfKind = (list: CustomFieldList | undefined, kind: CaseKind | undefined): CustomFieldDefinition[] =>
  list?.fields.filter((f) => kind === undefined || f.kind === kind) ?? [];

/** The custom values as they are in the document right now, re-read on every change (local or remote). */
export function useCustomValues(doc: Y.Doc): Record<string, CustomValue> {
  const [values, setValues] = useState(() => readCustomValues(doc));
  useEffect(() => {
    const map = fieldsMap(doc);
    const update = (): void => setValues(readCustomValues(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return values;
}
