import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { setDatabaseForTests } from "@/db";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { seedDatabase } from "@/db/seed";
import { adminUrl, databaseUrlWithName } from "./pg-urls";

export const onPostgres = () => process.env.TEST_DB === "postgres";

const APP_TABLES = [
  "audit_events", "messages", "invitations", "requests", "volunteer_tokens", "volunteer_availability", "volunteer_languages",
  "volunteer_activities", "volunteers", "activities", "memberships", "verification_tokens", "sessions", "accounts", "users",
  "rate_limits", "organizations",
];

export async function resetDatabase(db: Db) {
  await db.execute(sql.raw(`truncate ${APP_TABLES.join(", ")} restart identity cascade`));
}

/**
 * A fresh, migrated database for this test file (PGlite from the template dump, or a copy of
 * the PostgreSQL template database), emptied before each test and seeded with the organisation,
 * its 13 activities and the admin. Domain code reaches it through getDb().
 */
export function setupTestDatabase(opts: { seed?: boolean; poolSize?: number } = {}) {
  const ctx = {} as { handle: DatabaseHandle; db: Db; dbName?: string };
  let admin: DatabaseHandle | undefined;
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
      ctx.handle = await openDatabase({ url: databaseUrlWithName(url, name), poolSize: opts.poolSize ?? 20 });
    } else {
      const dump = readFileSync(inject("pgliteTemplate"));
      ctx.handle = await openDatabase({ pgliteDir: "memory://", pgliteLoadDataDir: new Blob([dump]) });
    }
    ctx.db = ctx.handle.db;
    setDatabaseForTests(ctx.handle);
  });
  beforeEach(async () => {
    await resetDatabase(ctx.db);
    if (opts.seed !== false) await seedDatabase(ctx.db, { demo: false });
  });
  afterAll(async () => {
    await ctx.handle?.close();
    if (admin && ctx.dbName) {
      await admin.db.execute(sql.raw(`drop database if exists ${ctx.dbName} with (force)`));
      await admin.close();
    }
  });
  return ctx;
}
