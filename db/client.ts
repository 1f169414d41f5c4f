import { mkdirSync } from "node:fs";
import path from "node:path";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "./schema";

/**
 * The one place that chooses a database driver (DESIGN.md "Database"):
 * - no DATABASE_URL           → embedded PGlite in PGLITE_DIR (default .data/pglite)
 * - postgres://… / postgresql://… → node-postgres
 * - a Neon host (or DATABASE_DRIVER=neon) → @neondatabase/serverless over WebSockets
 * All three expose the same Drizzle API; the type below is the node-postgres one because the
 * others share its runtime shape (`execute()` returns `{ rows }` for each).
 */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
export type Driver = "pglite" | "pg" | "neon";

export type DatabaseHandle = {
  db: Db;
  driver: Driver;
  /** where the data lives, without credentials */
  description: string;
  close: () => Promise<void>;
};

export class DatabaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseConfigError";
  }
}

export function detectDriver(url: string | undefined, explicit?: Driver): Driver {
  if (!url) {
    if (explicit && explicit !== "pglite") throw new DatabaseConfigError(`DATABASE_DRIVER=${explicit} needs a DATABASE_URL`);
    return "pglite";
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError("DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new DatabaseConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`);
  }
  if (!parsed.hostname) throw new DatabaseConfigError("DATABASE_URL has no host name");
  if (explicit) return explicit;
  return /\.neon\.tech$/i.test(parsed.hostname) ? "neon" : "pg";
}

/** host/database only: never log a password */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? ":" + u.port : ""}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

export type OpenOptions = {
  url?: string;
  driver?: Driver;
  /** PGlite: a folder, or "memory://" */
  pgliteDir?: string;
  /** PGlite: start from a dumped data folder (tests) */
  pgliteLoadDataDir?: Blob | File;
  poolSize?: number;
  /** how long a query waits for a free pool connection (ms); then it fails with a "timeout exceeded" error */
  poolWaitMs?: number;
  /** PostgreSQL/Neon: the server cancels a statement running longer (ms; 0 = no limit); lib/http/busy.ts answers that with the busy page */
  statementTimeoutMs?: number;
};

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  const driver = detectDriver(opts.url, opts.driver);
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const dir = opts.pgliteDir ?? ".data/pglite";
    const memory = dir.startsWith("memory://");
    // PGlite does not create a missing parent folder.
    if (!memory) mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dir)), { recursive: true });
    const client = new PGlite(memory ? dir : path.resolve(/*turbopackIgnore: true*/ dir), opts.pgliteLoadDataDir ? { loadDataDir: opts.pgliteLoadDataDir } : undefined);
    await client.waitReady;
    const db = drizzle({ client, schema }) as unknown as Db;
    return { db, driver, description: memory ? "PGlite (in memory)" : `PGlite in ${dir}`, close: () => client.close() };
  }
  if (driver === "neon") {
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const ws = (await import("ws")).default;
    // Node 20 has no global WebSocket.
    neonConfig.webSocketConstructor = ws;
    const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 5, connectionTimeoutMillis: opts.poolWaitMs ?? 5000, ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}) });
    const db = drizzle({ client: pool, schema }) as unknown as Db;
    return { db, driver, description: `Neon ${describeUrl(opts.url!)}`, close: () => pool.end() };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: opts.poolWaitMs ?? 5000, ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}) });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", (err) => console.error(`[db] idle connection error: ${err.message}`));
  const db = drizzle({ client: pool, schema });
  return { db, driver, description: `PostgreSQL ${describeUrl(opts.url!)}`, close: () => pool.end() };
}

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder });
  } else if (handle.driver === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(handle.db, { migrationsFolder });
  }
}
