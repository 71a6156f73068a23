import { and, asc, count, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { savedViews, users } from '../../storage/schema.js';

/** Filters as stored: the case list's text filters, and custom field filters by id under `custom`. */
export type StoredFilters = Record<string, string | Record<string, string | number | boolean>>;

export type SavedViewRow = typeof savedViews.$inferSelect & { createdByName: string | null };
export type SavedViewChange = Partial<Pick<typeof savedViews.$inferInsert, 'name' | 'filters' | 'sort' | 'sortOrder' | 'columns' | 'layout' | 'shared'>>;

const columns = {
  id: savedViews.id,
  workspaceId: savedViews.workspaceId,
  createdBy: savedViews.createdBy,
  name: savedViews.name,
  filters: savedViews.filters,
  sort: savedViews.sort,
  sortOrder: savedViews.sortOrder,
  columns: savedViews.columns,
  layout: savedViews.layout,
  shared: savedViews.shared,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
  createdByName: users.name,
};

/** The views a person may use in a workspace: their own and the shared ones; shared first, then by name. */
export async function listUsableViews(db: Db, workspaceId: string, userId: string): Promise<SavedViewRow[]> {
  return db
    .select(columns)
    .from(savedViews)
    .leftJoin(users, eq(users.id, savedViews.createdBy))
    .where(and(eq(savedViews.workspaceId, workspaceId), or(eq(savedViews.shared, true), eq(savedViews.createdBy, userId))))
    .orderBy(desc(savedViews.shared), asc(savedViews.name), asc(savedViews.id));
}

export async function findView(db: Db, workspaceId: string, id: string): Promise<SavedViewRow | null> {
  const [row] = await db
    .select(columns)
    .from(savedViews)
    .leftJoin(users, eq(users.id, savedViews.createdBy))
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)));
  return row ?? null;
}

export async function countViewsBy(db: Db, workspaceId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.createdBy, userId)));
  return row?.n ?? 0;
}

export async function insertView(db: Db, row: typeof savedViews.$inferInsert): Promise<void> {
  await db.insert(savedViews).values(row);
}

export async function updateView(db: Db, workspaceId: string, id: string, change: SavedViewChange): Promise<boolean> {
  const done = await db
    .update(savedViews)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)))
    .returning({ id: savedViews.id });
  return done.length > 0;
}

export async function deleteView(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(savedViews)
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)))
    .returning({ id: savedViews.id });
  return gone.length > 0;
}
