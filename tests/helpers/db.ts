import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { setDatabaseForTests } from "@/db";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { seedDatabase } from "@/db/seed";
import { adminUrl, databaseUrlWithName } from "./pg-urls";

export const onPostgres = () => process.env.TEST_DB === "postgres";



let tableList: string | undefined;

/** Empties every application table (all of schema public; drizzle's own journal lives elsewhere). */
export async function resetDatabase(db: Db) {
  if (!tableList) {
    const result = await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
    tableList = (result.rows as { tablename: string }[]).map((r) => `"${r.tablename}"`).join(", ");
  }
  await db.execute(sql.raw(`truncate ${tableList} restart identity cascade`));
}

/**
 * A fresh, migrated database for this test file (PGlite from the template dump, or a copy of
 * the PostgreSQL template database), emptied before each test and seeded with the organisation,
 * its 13 activities and the admin. Domain code reaches it through getDb().
 */
export function setupTestDatabase(opts: { seed?: boolean; poolSize?: number; poolWaitMs?: number; statementTimeoutMs?: number } = {}) {
  const ctx = {} as { handle: DatabaseHandle; db: Db; dbName?: string };
  let admin: DatabaseHandle | undefined;
  // a file that tests a tight pool (poolWaitMs) empties and seeds its database through a pool of
  // its own with the default wait: on a loaded machine a new connection may take longer than the
  // tight wait, and the set-up must not fail for that
  let setup: DatabaseHandle | undefined;
  beforeAll(async () => {
    if (onPostgres()) {
      const url = process.env.TEST_DATABASE_URL!;
      const name = `hr_t_${process.pid}_${randomBytes(4).toString("hex")}`;
      admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.db.execute(sql.raw(`create database ${name} template ${inject("pgTemplateDb")}`));
          break;
        } catch (err) {
          // Two files copying the template at the same instant may briefly collide.
          if (attempt > 20) throw err;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
        }
      }
      ctx.dbName = name;
      ctx.handle = await openDatabase({ url: databaseUrlWithName(url, name), poolSize: opts.poolSize ?? 20, poolWaitMs: opts.poolWaitMs, statementTimeoutMs: opts.statementTimeoutMs });
      if (opts.poolWaitMs !== undefined) setup = await openDatabase({ url: databaseUrlWithName(url, name), poolSize: 1 });
    } else {
      const dump = readFileSync(inject("pgliteTemplate"));
      ctx.handle = await openDatabase({ pgliteDir: "memory://", pgliteLoadDataDir: new Blob([dump]) });
    }
    ctx.db = ctx.handle.db;
    setDatabaseForTests(ctx.handle);
  });
  beforeEach(async () => {
    const db = setup?.db ?? ctx.db;
    await resetDatabase(db);
    if (opts.seed !== false) await seedDatabase(db, { demo: false });
  });
  afterAll(async () => {
    await setup?.close();
    await ctx.handle?.close();
    if (admin && ctx.dbName) {
      await admin.db.execute(sql.raw(`drop database if exists ${ctx.dbName} with (force)`));
      await admin.close();
    }
  });
  return ctx;
}
