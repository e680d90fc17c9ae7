import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** The local Hub's SQLite handle (better-sqlite3 12, synchronous). */
export type Db = Database.Database;

/** Most distinct SQL texts kept prepared (the store's ~80 statements, plus the few built per filter set). */
const MAX_CACHED_STATEMENTS = 512;

/**
 * Opens (creating if needed) `{dir}/hub.sqlite` in WAL mode. Each store module creates its own
 * tables with `CREATE TABLE IF NOT EXISTS` from an `ensure…Schema(db)` function, so state persists
 * across restarts and a new table needs no migration step.
 *
 * `db.prepare` returns one cached statement per SQL text: the store modules prepare where they query
 * (`db.prepare(sql).get(…)`), and compiling the SQL again on every call was the local Hub's largest
 * single cost under 50 concurrent launches (a profile of `bench:launch`, issue 15 item 3). Reusing a
 * better-sqlite3 Statement is safe as long as nobody changes its mode (`pluck`/`raw`/`expand`/
 * `safeIntegers`) or holds it busy with `iterate()`; the store does neither (a test keeps it so).
 */
export function openDb(dir: string): Db {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, "hub.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      statement = prepare(source);
      if (statements.size < MAX_CACHED_STATEMENTS) statements.set(source, statement);
    }
    return statement;
  }) as Db["prepare"];
  return db;
}
