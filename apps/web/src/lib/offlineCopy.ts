import { useSyncExternalStore } from 'react';

/**
 * The browser's copy of the few API answers a page needs to open without a
 * network (issue 17.7): who is signed in (`GET /api/me`) and the reads listed
 * in `api.ts` (a case's detail, the workspace's people, the case list), as
 * last answered while online. The service worker caches none of these: they
 * are one person's, so they live here, in IndexedDB, under that person's id,
 * and signing out deletes them all. The case documents themselves are
 * y-indexeddb's (lib/localDocs.ts).
 *
 * Failures are quiet: without IndexedDB (private browsing, storage full) the
 * app works as before, online only.
 */
const dbName = 'casehub.offline';
const store = 'answers';
/** The one entry not under a person: who was signed in last, so an offline reload knows whose copies to read. */
const sessionKey = 'session';

let owner: string | null = null;

/** Whose copies are read and written from now on (the person `GET /api/me` answered for); null after sign-out. */
export function setOfflineOwner(userId: string | null): void {
  owner = userId;
}

const answerKey = (userId: string, url: string): string => `${userId}:${url}`;

/** Keeps a JSON answer of `url` for the signed-in person. */
export function keepAnswer(url: string, body: unknown): Promise<void> {
  return owner ? put(answerKey(owner, url), body) : Promise.resolve();
}

/** The kept answer of `url` for the signed-in person, if there is one. */
export function readAnswer(url: string): Promise<unknown> {
  return owner ? get(answerKey(owner, url)) : Promise.resolve(undefined);
}

/** Keeps the signed-in person's `GET /api/me` answer (and makes them the owner). */
export function keepSession(userId: string, me: unknown): Promise<void> {
  owner = userId;
  return put(sessionKey, me);
}

export function readSession(): Promise<unknown> {
  return get(sessionKey);
}

/** The session is gone (expired, signed out elsewhere): an offline reload must not open it again. */
export function forgetSession(): Promise<void> {
  owner = null;
  return remove(sessionKey);
}

/** Sign-out: nothing of anyone's stays in this browser. */
export async function clearOfflineCopies(): Promise<void> {
  owner = null;
  setServedFromCopy(false);
  await withStore('readwrite', (s) => s.clear());
}

// --- Is the page showing kept answers? ---------------------------------------------------------

let servedFromCopy = false;
const listeners = new Set<() => void>();

/** Called by the API client: true when it answered from the copy, false when the server answered. */
export function setServedFromCopy(value: boolean): void {
  if (servedFromCopy === value) return;
  servedFromCopy = value;
  listeners.forEach((fn) => fn());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while what is on screen came from the browser's copy because the server could not be reached. */
export function useServedFromCopy(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => servedFromCopy,
    () => false,
  );
}

// --- IndexedDB ----------------------------------------------------------------------------------

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store);
      req.onsuccess = () => {
        const db = req.result;
        // Another tab deleting or upgrading the database: let it, and open again next time.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

async function withStore<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(store, mode);
      const req = run(tx.objectStore(store));
      let result: T | undefined;
      req.onsuccess = () => {
        result = req.result;
      };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => resolve(undefined);
      tx.onabort = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}

async function put(key: string, value: unknown): Promise<void> {
  await withStore('readwrite', (s) => s.put(value, key));
}

async function get(key: string): Promise<unknown> {
  return withStore<unknown>('readonly', (s) => s.get(key));
}

async function remove(key: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(key));
}
