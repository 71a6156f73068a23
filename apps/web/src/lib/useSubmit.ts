import { useCallback, useState } from 'react';
import type { ErrorCode } from '@casehub/contract';
import { ApiError, errorMessage } from './api';
import { useLatest } from './useLatest';

/**
 * Failures a form treats itself, by the error's code: words of its own instead
 * of the server's (a sign-in's `unauthenticated` is "Wrong email or password."),
 * or a function that shows the failure on a field and leaves the form's
 * message empty (a taken email address belongs under the Email field).
 */
export type OnFailure = Partial<Record<ErrorCode, string | (() => void)>>;

/** The form's message for a failed action, or null when `on` showed it elsewhere. */
export function failureMessage(err: unknown, on: OnFailure = {}): string | null {
  const own = err instanceof ApiError ? new Map(Object.entries(on)).get(err.code) : undefined;
  if (own === undefined) return errorMessage(err);
  if (typeof own === 'string') return own;
  own();
  return null;
}

/**
 * A form's or button's action: `busy` while it runs (to disable the button
 * and say "Saving…"), the failure as a message for a person (`error`), and
 * `run`, which resolves to the action's result, or undefined when it failed.
 * A check that fails before the call says so with `fail(message)`; `reset`
 * clears the message when another action takes over the place it is shown.
 * `run` stays the same function from render to render (it calls the latest
 * `action`), so a memoised row can take it without being drawn again.
 */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>, { on }: { on?: OnFailure } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useLatest({ action, on });
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await latest.current.action(...args);
      } catch (err) {
        setError(failureMessage(err, latest.current.on));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [latest],
  );
  return { run, busy, error, fail: (message: string) => setError(message), reset: () => setError(null) };
}
