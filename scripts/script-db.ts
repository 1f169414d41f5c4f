import { config } from "@/lib/config";
import { migrateDatabase, openDatabase } from "@/db/client";

/**
 * Opens the configured database for a one-off script. With PGlite, stop the app first: two
 * processes on one PGlite folder silently lose writes.
 */
export async function openScriptDatabase() {
  const c = config();
  const handle = await openDatabase({ url: c.DATABASE_URL, driver: c.DATABASE_DRIVER, pgliteDir: c.pgliteDir, poolSize: 2 });
  await migrateDatabase(handle);
  return handle;
}
