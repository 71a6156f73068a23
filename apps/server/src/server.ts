import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createAuthService } from './modules/auth/service.js';
import { CaseProjector } from './modules/cases/projection.js';
import { createCasesService } from './modules/cases/service.js';
import { createInvitesService } from './modules/invites/service.js';
import { openDatabase, type Database } from './storage/db.js';
import { RoomManager } from './sync/rooms.js';
import { createSyncEndpoint } from './sync/upgrade.js';

export type RunningServer = {
  url: string;
  port: number;
  http: Server;
  database: Database;
  rooms: RoomManager;
  log: Logger;
  /** Stops accepting, drains pending writes, closes sockets and the database. */
  close(): Promise<void>;
};

/** The composition root: config → database → services → HTTP + sync. */
export async function startServer(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;
  const rooms = new RoomManager({
    db,
    log,
    unloadGraceMs: config.docUnloadGraceMs,
    compactAfterUpdates: config.compactAfterUpdates,
  });
  const projector = new CaseProjector(db, log);
  rooms.onAfterCommit(projector.afterCommit);
  const auth = createAuthService({ db, rooms });
  const cases = createCasesService({ db, rooms, projector });
  const invites = createInvitesService({ db, auth, cases });
  const app = createApp({ config, log, db, dbKind: database.kind, auth, cases, invites });
  const sync = createSyncEndpoint({ config, log, auth, cases, rooms });

  const http = createHttpServer(getRequestListener(app.fetch));
  http.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      sync.close();
      await rooms.shutdown();
      await projector.flush();
      http.closeAllConnections();
      await database.close();
    })());

  return { url, port, http, database, rooms, log, close };
}
