import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('takes a workspace id that starts with a dash as the value (ids may)', () => {
    expect(parseCliArgs(['export', '--workspace', '-cUi1NZ35DJIc3VZ'])).toMatchObject({ command: 'export', workspace: '-cUi1NZ35DJIc3VZ' });
    expect(parseCliArgs(['export', '--workspace=-abc', '--out', '-x.zip'])).toMatchObject({ workspace: '-abc', out: '-x.zip' });
  });

  it('keeps positionals and plain values', () => {
    expect(parseCliArgs(['import', 'ws.zip'])).toEqual({ command: 'import', workspace: undefined, out: undefined, positionals: ['ws.zip'] });
    expect(parseCliArgs(['export', '--workspace', 'abc', '--out', 'ws.zip'])).toMatchObject({ workspace: 'abc', out: 'ws.zip' });
  });

  it('refuses an unknown option or a missing value with a one-line message', () => {
    expect(() => parseCliArgs(['export', '--wrkspace', 'abc'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['export', '--workspace'])).toThrow(/--workspace/);
  });
});
