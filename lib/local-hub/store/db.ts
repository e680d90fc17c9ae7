import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** The local Hub's SQLite handle (better-sqlite3 12, synchronous). */
export type Db = Database.Database;

/**
 * Opens (creating if needed) `{dir}/hub.sqlite` in WAL mode. Each store module creates its own
 * tables with `CREATE TABLE IF NOT EXISTS` from an `ensure…Schema(db)` function, so state persists
 * across restarts and a new table needs no migration step.
 */
export function openDb(dir: string): Db {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, "hub.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
