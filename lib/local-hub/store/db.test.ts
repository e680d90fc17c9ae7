import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { openDb, type Db } from "./db";

describe("openDb's statement cache", () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the same SQL text gives the same statement, which runs again with new parameters", () => {
    dir = mkdtempSync(join(tmpdir(), "hub-db-"));
    db = openDb(dir);
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
    const insert = "INSERT INTO t (k, v) VALUES (?, ?)";
    expect(db.prepare(insert)).toBe(db.prepare(insert));
    db.prepare(insert).run("a", 1);
    db.prepare(insert).run("b", 2);
    const get = "SELECT v FROM t WHERE k = ?";
    expect(db.prepare(get).get("a")).toEqual({ v: 1 });
    expect(db.prepare(get).get("b")).toEqual({ v: 2 });
    expect(db.prepare(get)).not.toBe(db.prepare("SELECT k FROM t WHERE v = ?"));
    // Transactions (their own BEGIN/COMMIT statements) and a failed statement still work.
    db.transaction(() => db.prepare(insert).run("c", 3))();
    expect(() => db.prepare(insert).run("a", 9)).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 3 });
  });
});

test("no local Hub module changes a statement's mode or holds one busy (the cache shares them)", () => {
  const root = join(import.meta.dirname, "..");
  const offenders: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && /\.(pluck|raw|expand|safeIntegers|iterate)\(/.test(readFileSync(p, "utf8"))) offenders.push(p);
    }
  };
  walk(root);
  expect(offenders).toEqual([]);
});
