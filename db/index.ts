import { sql } from "drizzle-orm";
import { config } from "@/lib/config";
import { DatabaseConfigError, migrateDatabase, openDatabase, type DatabaseHandle, type Db } from "./client";
import { seedDatabase } from "./seed";

export type { Db, Tx, DbOrTx } from "./client";

/**
 * The process-wide database. Kept on globalThis so that `next dev` reloads do not open a second
 * PGlite on the same folder (two openers silently lose writes).
 */
type State = {
  handle?: DatabaseHandle;
  opening?: Promise<DatabaseHandle>;
  ready?: Promise<void>;
  lastError?: string;
};
const g = globalThis as unknown as { __helferrufDb?: State };
const state: State = (g.__helferrufDb ??= {});

export class DatabaseUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DatabaseUnavailableError";
  }
}

async function openFromConfig(): Promise<DatabaseHandle> {
  const c = config();
  return openDatabase({ url: c.DATABASE_URL, driver: c.DATABASE_DRIVER, pgliteDir: c.pgliteDir, poolSize: c.DATABASE_POOL_MAX, poolWaitMs: c.DATABASE_POOL_WAIT_MS, statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS });
}

/** Open (once) the configured database. */
export async function getHandle(): Promise<DatabaseHandle> {
  if (state.handle) return state.handle;
  state.opening ??= openFromConfig().then(
    (h) => (state.handle = h),
    (err) => {
      state.opening = undefined;
      throw err;
    },
  );
  return state.opening;
}

/**
 * Migrate (and seed where configured) once per process; a failure is remembered as the reason
 * /api/health reports and retried on the next call, so an unreachable database never crash-loops.
 */
export function ensureDatabaseReady(): Promise<void> {
  state.ready ??= (async () => {
    const handle = await getHandle();
    await migrateDatabase(handle);
    await seedDatabase(handle.db, { demo: config().demoData });
    state.lastError = undefined;
  })().catch((err: unknown) => {
    state.ready = undefined;
    state.lastError = explainDatabaseError(err);
    throw new DatabaseUnavailableError(state.lastError);
  });
  return state.ready;
}

/** The database for domain code. Waits until it is migrated. */
export async function getDb(): Promise<Db> {
  if (state.handle && state.ready === READY) return state.handle.db;
  await ensureDatabaseReady();
  return (await getHandle()).db;
}
const READY = Promise.resolve();

/** Tests install their own per-file database here. */
export function setDatabaseForTests(handle: DatabaseHandle) {
  state.handle = handle;
  state.opening = Promise.resolve(handle);
  state.ready = READY;
  state.lastError = undefined;
}

export function explainDatabaseError(err: unknown): string {
  if (err instanceof DatabaseConfigError) return err.message + " — fix DATABASE_URL (see docs/configuration.md)";
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code;
  const message = e?.cause?.message ?? e?.message ?? String(err);
  if (code === "ECONNREFUSED") return "database unreachable (connection refused) — is PostgreSQL running at DATABASE_URL?";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "database host not found — check the host in DATABASE_URL";
  if (code === "28P01" || code === "28000") return "database rejected the credentials — check user and password in DATABASE_URL";
  if (code === "3D000") return "database does not exist — create it or fix the name in DATABASE_URL";
  return `database error: ${message}`;
}

export type DatabaseStatus = { ok: true; driver: string; description: string } | { ok: false; reason: string };

/** For /api/health: a real round trip, bounded in time. */
export async function checkDatabase(timeoutMs = 3000): Promise<DatabaseStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ensureDatabaseReady(), timeout]);
    const handle = await getHandle();
    await Promise.race([handle.db.execute(sql`select 1`), timeout]);
    return { ok: true, driver: handle.driver, description: handle.description };
  } catch (err) {
    const reason = err instanceof DatabaseUnavailableError ? err.message : explainDatabaseError(err);
    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}
