import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { fieldsMap, readFields, type CaseFields } from '@casehub/case-document';

/** The case fields as they are in the document right now, re-read on every change (local or remote). */
export function useCaseFields(doc: Y.Doc): Partial<CaseFields> {
  const [fields, setFields] = useState(() => readFields(doc));
  useEffect(() => {
    const map = fieldsMap(doc);
    const update = (): void => setFields(readFields(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return fields;
}
