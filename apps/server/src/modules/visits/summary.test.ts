import { describe, expect, it } from 'vitest';
import { summarizeSince } from './summary.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 9, minute));
const none = { counts: {}, entries: [], fieldChanges: [], joined: [] };

describe('[issue 15.6] since you were last here, shaped', () => {
  it('a first visit has nothing new', () => {
    expect(summarizeSince({ since: null, through: at(0), ...none })).toEqual({
      since: null,
      through: at(0).toISOString(),
      counts: {},
      entries: [],
      fields: [],
      joined: [],
      empty: true,
    });
  });

  it('a field changed twice shows once, from its first value to its last; one changed and back does not show', () => {
    const s = summarizeSince({
      since: at(0),
      through: at(30),
      ...none,
      fieldChanges: [
        { field: 'stage', before: 'qualify', after: 'proposal', at: at(5) },
        { field: 'priority', before: 'low', after: 'high', at: at(6) },
        { field: 'stage', before: 'proposal', after: 'negotiation', at: at(10) },
        { field: 'priority', before: 'high', after: 'low', at: at(12) },
      ],
    });
    expect(s.fields).toEqual([{ field: 'stage', from: 'qualify', to: 'negotiation', at: at(10).toISOString() }]);
    expect(s.empty).toBe(false);
  });

  it('lists at most 20 entries while counting them all; zero counts are left out', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ activityId: `a${i}`, kind: 'note', at: at(i), actorName: 'Bob', summary: `note ${i}` }));
    const s = summarizeSince({ since: at(0), through: at(30), ...none, counts: { note: 25, email: 0 }, entries });
    expect(s.entries).toHaveLength(20);
    expect(s.counts).toEqual({ note: 25 });
  });

  it('who joined, and nothing else, is news', () => {
    const s = summarizeSince({ since: at(0), through: at(30), ...none, joined: [{ userId: 'g1', name: 'Gail', guest: true, at: at(3) }] });
    expect(s).toMatchObject({ empty: false, joined: [{ userId: 'g1', name: 'Gail', guest: true, at: at(3).toISOString() }] });
  });
});
