// The reference server with one change: every sync update a client sends is
// INSERTed (and committed) in PostgreSQL before the reference applies and
// broadcasts it. The least any durable-before-broadcast Node server must do.
import http from 'node:http';
import postgres from 'postgres';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const sql = postgres(process.env.DATABASE_URL, { max: 3 });
await sql`create table if not exists floor_updates (id bigserial primary key, doc text not null, data bytea not null)`;
const insert = (doc, data) => sql`insert into floor_updates (doc, data) values (${doc}, ${data})`;

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (conn, req) => {
  const doc = (req.url ?? '/').slice(1).split('?')[0];
  const on = conn.on.bind(conn);
  conn.on = (event, listener) => {
    if (event !== 'message') return on(event, listener);
    let chain = Promise.resolve();
    return on('message', (message) => {
      const bytes = new Uint8Array(message);
      // messageSync (0), then sync step 2 (1) or update (2): a change.
      const change = bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2);
      chain = chain.then(async () => {
        if (change) await insert(doc, Buffer.from(bytes));
        listener(message);
      });
    });
  };
  setupWSConnection(conn, req);
});
const server = http.createServer((_q, s) => s.end('okay'));
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`running at ${process.env.PORT}\n`));
