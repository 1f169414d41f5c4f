import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { databaseUrlWithName } from "../helpers/pg-urls";

/**
 * Migration 0030: the app's sessions run without JIT compilation (the match query of a large
 * activity used to spend ~450 ms compiling its plan on every call, issue 19). The setting is made
 * on the database where the migrating role owns it, else on the role itself.
 */

const show = async (db: Db) => ((await db.execute(sql`show jit`)).rows[0] as { jit: string }).jit;

const storedFor = async (db: Db, where: "database" | "role") => {
  const r = await db.execute(
    where === "database"
      ? sql`select setconfig from pg_db_role_setting where setrole = 0 and setdatabase = (select oid from pg_database where datname = current_database())`
      : sql`select setconfig from pg_db_role_setting where setdatabase = 0 and setrole = (select oid from pg_roles where rolname = current_user)`,
  );
  return (r.rows as { setconfig: string[] }[]).flatMap((x) => x.setconfig);
};

describe.skipIf(onPostgres())("database settings on PGlite", () => {
  const ctx = setupTestDatabase({ seed: false });
  it("the migrated database carries jit = off (PGlite has no JIT to turn off)", async () => {
    expect(await storedFor(ctx.db, "database")).toContain("jit=off");
    // PGlite's single session does not read the database's settings, and it is built without LLVM
    expect((await ctx.db.execute(sql`select pg_jit_available() as a`)).rows[0]).toEqual({ a: false });
  });
});

describe.skipIf(!onPostgres())("database settings on PostgreSQL", () => {
  const base = process.env.TEST_DATABASE_URL!;
  const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    // in the order pushed: the databases first, then the role that owns tables in one of them
    for (const c of cleanup) await c().catch(() => undefined);
  });

  async function freshDatabase(name: string): Promise<void> {
    const admin = await openDatabase({ url: base, poolSize: 1 });
    try {
      await admin.db.execute(sql.raw(`create database ${name}`));
    } finally {
      await admin.close();
    }
    cleanup.push(async () => {
      const a = await openDatabase({ url: base, poolSize: 1 });
      await a.db.execute(sql.raw(`drop database if exists ${name} with (force)`)).finally(() => a.close());
    });
  }

  it("the owner's migration sets jit = off on the database: every new session of the pool has it", async () => {
    const name = `hr_jit_${suffix}`;
    await freshDatabase(name);
    let handle: DatabaseHandle | undefined = await openDatabase({ url: databaseUrlWithName(base, name), poolSize: 1 });
    await migrateDatabase(handle);
    // the migrating session itself
    expect(await show(handle.db)).toBe("off");
    await handle.close();
    // a new connection, as every app instance opens them
    handle = await openDatabase({ url: databaseUrlWithName(base, name), poolSize: 1 });
    try {
      expect(await show(handle.db)).toBe("off");
      expect(await storedFor(handle.db, "database")).toContain("jit=off");
    } finally {
      await handle.close();
    }
  }, 120_000);

  it("a role that does not own the database sets it for itself instead", async () => {
    const name = `hr_jit_role_${suffix}`;
    const role = `hr_plain_${suffix}`;
    await freshDatabase(name);
    const admin = await openDatabase({ url: databaseUrlWithName(base, name), poolSize: 1 });
    try {
      await admin.db.execute(sql.raw(`create role ${role} login`));
      cleanup.push(async () => {
        const a = await openDatabase({ url: base, poolSize: 1 });
        await a.db.execute(sql.raw(`drop role if exists ${role}`)).finally(() => a.close());
      });
      // what a hosted database gives an app role: the schema, not the database
      await admin.db.execute(sql.raw(`grant create, usage on schema public to ${role}`));
      await admin.db.execute(sql.raw(`grant create on database ${name} to ${role}`));
    } finally {
      await admin.close();
    }
    const asRole = (() => {
      const u = new URL(databaseUrlWithName(base, name));
      u.username = role;
      u.password = "";
      return u.toString();
    })();
    let handle = await openDatabase({ url: asRole, poolSize: 1 });
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
    handle = await openDatabase({ url: asRole, poolSize: 1 });
    try {
      expect(await show(handle.db)).toBe("off");
      expect(await storedFor(handle.db, "database")).not.toContain("jit=off");
      expect(await storedFor(handle.db, "role")).toContain("jit=off");
    } finally {
      await handle.close();
    }
  }, 120_000);
});
