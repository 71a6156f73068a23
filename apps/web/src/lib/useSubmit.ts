import { useState } from 'react';
import { errorMessage } from './api';

/**
 * A form's or button's action: `busy` while it runs (to disable the button
 * and say "Saving…"), the failure as a message for a person (`error`), and
 * `run`, which resolves to the action's result, or undefined when it failed.
 * A check that fails before the call says so with `fail(message)`.
 */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(...args: A): Promise<R | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await action(...args);
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, error, fail: setError };
}
