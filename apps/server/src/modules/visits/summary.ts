import type { SinceSummary } from '@casehub/contract';
import type { EntryRow, FieldChangeRow, JoinedRow } from './repo.js';

/** At most this many entries are listed; `counts` has them all. */
export const listedEntries = 20;

/**
 * [issue 15.6] "Since you were last here", from what the reader may see of
 * the case after `since`: the stream entries of others (already cut to the
 * reader's side), field changes (a field changed twice shows once, from its
 * first value to its last; one changed and changed back not at all), and who
 * joined. Pure: the service reads the rows, this shapes them.
 */
export function summarizeSince(input: {
  since: Date | null;
  through: Date;
  counts: Record<string, number>;
  entries: EntryRow[];
  fieldChanges: FieldChangeRow[];
  joined: JoinedRow[];
}): SinceSummary {
  const byField = new Map<string, { from: string | null; to: string | null; at: Date }>();
  for (const change of input.fieldChanges) {
    const known = byField.get(change.field);
    byField.set(change.field, { from: known ? known.from : change.before, to: change.after, at: change.at });
  }
  const fields = [...byField].filter(([, c]) => c.from !== c.to).map(([field, c]) => ({ field, from: c.from, to: c.to, at: c.at.toISOString() }));
  const entries = input.entries.slice(0, listedEntries).map((e) => ({ ...e, at: e.at.toISOString() }));
  const joined = input.joined.map((j) => ({ ...j, at: j.at.toISOString() }));
  const counts = Object.fromEntries(Object.entries(input.counts).filter(([, n]) => n > 0));
  return {
    since: input.since?.toISOString() ?? null,
    through: input.through.toISOString(),
    counts,
    entries,
    fields,
    joined,
    empty: Object.keys(counts).length === 0 && fields.length === 0 && joined.length === 0,
  };
}
