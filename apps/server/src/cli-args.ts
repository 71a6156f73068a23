import { parseArgs } from 'node:util';

/** What `pnpm casehub …` was asked: the command, its named values and the rest. */
export interface CliArgs {
  command: string | undefined;
  workspace?: string;
  out?: string;
  positionals: string[];
}

const valued = ['workspace', 'out'] as const;

/**
 * Reads the command line. A value is taken as given even when it starts with a
 * dash: workspace ids may (`--workspace -cUi1NZ35DJIc3VZ`), and node's parseArgs
 * alone refuses such a value as "ambiguous". Throws a readable message on an
 * unknown option or a missing value.
 */
export function parseCliArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  const joined: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const name = valued.find((n) => arg === `--${n}`);
    const next = rest[i + 1];
    if (name && next !== undefined) {
      joined.push(`--${name}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, allowPositionals: true, options: { workspace: { type: 'string' }, out: { type: 'string' } } });
    return { command, workspace: values.workspace, out: values.out, positionals };
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err));
  }
}

/** A command line the CLI cannot read: its message is shown with the usage, exit code 2. */
export class CliUsageError extends Error {}
