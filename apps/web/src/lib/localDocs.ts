import type * as Y from 'yjs';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';

/**
 * The browser's own copy of each case document a person opened (IndexedDB),
 * so what they typed survives a closed tab, a crash or a reload while
 * offline, and reaches the server the next time the case is opened online.
 * Copies are per person (two people on one browser never share one) and are
 * removed on sign-out and when access to a case is lost.
 */
const prefix = 'casehub:';
const registryKey = 'casehub.localDocs';

export const localDocName = (userId: string, docName: string): string => `${prefix}${userId}:${docName}`;

export function openLocalCopy(userId: string, docName: string, doc: Y.Doc): IndexeddbPersistence {
  const name = localDocName(userId, docName);
  const known = readRegistry();
  if (!known.includes(name)) writeRegistry([...known, name]);
  return new IndexeddbPersistence(name, doc);
}

/** Removes every local copy in this browser (sign-out). */
export async function clearLocalDocs(): Promise<void> {
  const names = new Set(readRegistry());
  for (const name of await listDatabases()) if (name.startsWith(prefix)) names.add(name);
  writeRegistry([]);
  await Promise.all([...names].map((name) => deleteQuietly(name)));
}

/** Removes the local copies of one case (access to it was lost). */
export async function clearLocalCase(caseId: string): Promise<void> {
  const marker = `:cases/${caseId}/`;
  const names = new Set(readRegistry().filter((n) => n.includes(marker)));
  for (const name of await listDatabases()) if (name.startsWith(prefix) && name.includes(marker)) names.add(name);
  writeRegistry(readRegistry().filter((n) => !names.has(n)));
  await Promise.all([...names].map((name) => deleteQuietly(name)));
}

/**
 * IndexedDB waits for open connections to close before deleting, so this
 * settles once the case page that held the copy is gone.
 */
async function deleteQuietly(name: string): Promise<void> {
  try {
    await clearDocument(name);
  } catch {
    // Private browsing or storage disabled: there is nothing to remove.
  }
}

async function listDatabases(): Promise<string[]> {
  try {
    const dbs = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
    return dbs.flatMap((d) => (d.name ? [d.name] : []));
  } catch {
    return [];
  }
}

function readRegistry(): string[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(registryKey) ?? '[]');
    return Array.isArray(raw) ? raw.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

function writeRegistry(names: string[]): void {
  try {
    if (names.length === 0) localStorage.removeItem(registryKey);
    else localStorage.setItem(registryKey, JSON.stringify(names));
  } catch {
    // Storage full or disabled: IndexedDB's own list (databases()) still finds the copies.
  }
}
