import { createContext, useContext } from 'react';

export interface PromisePrefill {
  text?: string;
  promisedTo?: string;
  sourceActivityId?: string;
}

/**
 * Opens the case's "Add promise" form from anywhere on the case page (the
 * promises panel, an email or a note in the viewer). Null where promises
 * cannot be made (a read-only case, a guest).
 */
export const PromiseComposerContext = createContext<((prefill: PromisePrefill) => void) | null>(null);

export const usePromiseComposer = (): ((prefill: PromisePrefill) => void) | null => useContext(PromiseComposerContext);

/** A selected sentence, as promise text: one line, no stray spaces, within the server's limit. */
export function promiseTextFrom(selection: string): string {
  return selection.replace(/\s+/g, ' ').trim().slice(0, 2000);
}
