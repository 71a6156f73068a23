import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { failureMessage } from './useSubmit';

const wrongPassword = new ApiError(401, 'unauthenticated', 'Not signed in');

describe('failureMessage', () => {
  it('[issue 19.3] says what the server said, or the generic words for what is not an API error', () => {
    expect(failureMessage(new ApiError(400, 'validation_failed', 'The title is too long'))).toBe('The title is too long');
    expect(failureMessage(new ApiError(429, 'rate_limited', 'slow down'))).toBe('Too many attempts, wait a minute and try again.');
    expect(failureMessage(new TypeError('boom'))).toBe('Something went wrong. Please try again.');
  });

  it('[issue 19.3] uses the form’s own words for the codes it names, and the server’s for the others', () => {
    const on = { unauthenticated: 'Wrong email or password.' };
    expect(failureMessage(wrongPassword, on)).toBe('Wrong email or password.');
    expect(failureMessage(new ApiError(404, 'not_found', 'No such invite'), on)).toBe('No such invite');
    expect(failureMessage(new ApiError(0, 'network', 'Could not reach the server.'), on)).toBe('Could not reach the server.');
  });

  it('[issue 19.3] leaves the form’s message empty when the failure is shown on a field', () => {
    const onField = vi.fn();
    expect(failureMessage(wrongPassword, { unauthenticated: onField })).toBeNull();
    expect(onField).toHaveBeenCalledOnce();
    expect(failureMessage(new ApiError(409, 'conflict', 'Taken'), { unauthenticated: onField })).toBe('Taken');
    expect(onField).toHaveBeenCalledOnce();
  });
});
