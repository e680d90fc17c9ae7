import type { Db } from "./db";
import { isoNow, newObjectId } from "../ids";

/** A user or an org known to the local Hub. `name` is the namespace. */
export interface Account {
  id: string;
  name: string;
  fullname: string;
  type: "user" | "org";
  email: string | null;
  createdAt: string;
}

/** Token roles as whoami reports them (specs/hub-jobs-api.md §3 `AccessTokenRole`). */
export type TokenRole = "read" | "write" | "admin";

/** A Hub access token: a user's own (`access_token`) or one minted by the OAuth provider (`oauth`). */
export interface TokenRecord {
  token: string;
  userName: string;
  role: TokenRole;
  displayName: string;
  kind: "access_token" | "oauth";
  createdAt: string;
  /** epoch ms, or null for tokens that never expire */
  expiresAt: number | null;
}

export function ensureIdentitySchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS accounts (
      name TEXT PRIMARY KEY, id TEXT NOT NULL, fullname TEXT NOT NULL, type TEXT NOT NULL,
      email TEXT, created_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS memberships (
      user_name TEXT NOT NULL, org_name TEXT NOT NULL, PRIMARY KEY (user_name, org_name));
    CREATE TABLE IF NOT EXISTS tokens (
      token TEXT PRIMARY KEY, user_name TEXT NOT NULL, role TEXT NOT NULL, display_name TEXT NOT NULL,
      kind TEXT NOT NULL, created_at TEXT NOT NULL, expires_at INTEGER);
  `);
}

interface AccountRow { name: string; id: string; fullname: string; type: "user" | "org"; email: string | null; created_at: string }
interface TokenRow { token: string; user_name: string; role: TokenRole; display_name: string; kind: TokenRecord["kind"]; created_at: string; expires_at: number | null }

const toAccount = (r: AccountRow): Account => ({
  id: r.id, name: r.name, fullname: r.fullname, type: r.type, email: r.email, createdAt: r.created_at,
});
const toToken = (r: TokenRow): TokenRecord => ({
  token: r.token, userName: r.user_name, role: r.role, displayName: r.display_name, kind: r.kind,
  createdAt: r.created_at, expiresAt: r.expires_at,
});

/** Accounts, org memberships and tokens, in SQLite. */
export class IdentityStore {
  constructor(private readonly db: Db) {
    ensureIdentitySchema(db);
  }

  /** Creates the account if missing (ids are stable across restarts); returns it. */
  ensureAccount(name: string, type: "user" | "org", fullname = name): Account {
    this.db
      .prepare(`INSERT OR IGNORE INTO accounts (name, id, fullname, type, email, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(name, newObjectId(), fullname, type, type === "user" ? `${name}@local.hub` : null, isoNow());
    return this.account(name) as Account;
  }

  account(name: string): Account | null {
    const row = this.db.prepare(`SELECT * FROM accounts WHERE name = ?`).get(name) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  addMember(userName: string, orgName: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO memberships (user_name, org_name) VALUES (?, ?)`).run(userName, orgName);
  }

  /** The orgs a user belongs to, by name order. */
  orgsOf(userName: string): Account[] {
    const rows = this.db
      .prepare(`SELECT a.* FROM accounts a JOIN memberships m ON m.org_name = a.name WHERE m.user_name = ? ORDER BY a.name`)
      .all(userName) as AccountRow[];
    return rows.map(toAccount);
  }

  /** Stores a token (replacing a record with the same value). */
  putToken(record: TokenRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO tokens (token, user_name, role, display_name, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(record.token, record.userName, record.role, record.displayName, record.kind, record.createdAt, record.expiresAt);
  }

  /** The token's record, or null when unknown or expired. */
  token(value: string): TokenRecord | null {
    const row = this.db.prepare(`SELECT * FROM tokens WHERE token = ?`).get(value) as TokenRow | undefined;
    if (!row) return null;
    const record = toToken(row);
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return null;
    return record;
  }

  revokeToken(value: string): void {
    this.db.prepare(`DELETE FROM tokens WHERE token = ?`).run(value);
  }
}
