// Makes a new PGlite database in the folder given and applies the migrations of the folder given,
// then exits. storage/db.ts runs it in a child process: the memory PGlite grows to while it makes
// and fills a new database is never given back to the system.
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

const [dir, migrationsFolder] = process.argv.slice(2);
const client = await PGlite.create(dir);
await migrate(drizzle(client), { migrationsFolder });
await client.close();
