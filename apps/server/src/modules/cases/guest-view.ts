import type { sharedFieldNames } from '@casehub/case-document';
import type { CaseListQuery, CaseSummary } from '@casehub/contract';

type SharedField = (typeof sharedFieldNames)[number];
/**
 * Not fields of the case but the record itself: which one, and when it was made and last changed; and
 * `unread`, which is the reader's own (counted from their side of the case only).
 */
type RecordKey = 'id' | 'private' | 'createdAt' | 'updatedAt' | 'unread';
/** Custom values: the service gives guests only those of the fields marked shared (issue 17.3). */
type FilteredByService = 'custom';

/**
 * What a guest is shown of the team-only fields: nothing (issue 20.5). Guests
 * get the fields mirrored into the shared document (`sharedFieldNames`) by
 * every path, as they get them over /sync. `satisfies` makes a field added to
 * the summary a type error here until someone decides whether guests see it.
 */
const teamOnlyBlank = {
  priority: '',
  ownerId: null,
  ownerName: null,
  account: '',
  value: null,
  currency: '',
} satisfies Record<Exclude<keyof CaseSummary, SharedField | RecordKey | FilteredByService>, unknown>;

export function guestSummary<T extends CaseSummary>(summary: T): T {
  return { ...summary, ...teamOnlyBlank };
}

/**
 * A guest's case list query without what would filter or order by team-only
 * fields (an owner filter, sorting by value): either would tell them the
 * value a field hides, one query at a time.
 */
export function guestListQuery(query: CaseListQuery): CaseListQuery {
  const { ownerId: _ownerId, ...rest } = query;
  return { ...rest, sort: rest.sort === 'value' ? 'updatedAt' : rest.sort };
}
