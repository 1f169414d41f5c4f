import { ensureDatabaseReady, getDb } from "@/db";
import { config, ConfigError, type AppConfig } from "@/lib/config";
import { installPeerStamp } from "@/lib/http/peer-stamp";
import { dispatchBacklogLeft, runScheduledWork } from "@/lib/scheduler";
import { getTransports } from "@/lib/messaging/transports";

const g = globalThis as unknown as { __helferrufScheduler?: NodeJS.Timeout };

/** Runs once in the server process (instrumentation.ts): config check, migrate + seed, scheduler. */
export async function startServer() {
  let c: AppConfig;
  try {
    c = config();
  } catch (err) {
    // A server with a broken configuration would answer 500 on every request: stop instead, with
    // the message that names the variable. (Database problems are not configuration errors: the
    // app keeps running and /api/health reports them.)
    if (err instanceof ConfigError) {
      console.error(`[config] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  installPeerStamp();
  if (c.devOutboxEnabled && c.NODE_ENV === "production") {
    console.warn(
      "\n[dev-outbox] WARNING: HELFERRUF_DEV_OUTBOX is on in production. /dev/outbox shows every message,\n" +
        "[dev-outbox] including sign-in links, to anyone without a login. Use it for demos and tests only,\n" +
        "[dev-outbox] never with real volunteers' data. Unset HELFERRUF_DEV_OUTBOX to switch it off.\n",
    );
  }
  getTransports(); // logs which transports are used
  try {
    await ensureDatabaseReady();
    console.log(`[db] ready${c.DATABASE_URL ? "" : ` (embedded PGlite in ${c.pgliteDir})`}`);
  } catch (err) {
    console.error(`[db] not ready: ${(err as Error).message}. The app keeps running; /api/health reports the reason.`);
  }
  if (c.schedulerEnabled && !g.__helferrufScheduler) {
    let running = false;
    g.__helferrufScheduler = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await ensureDatabaseReady();
        // a backlog (a large fan-out) is sent on without waiting for the next tick
        for (let i = 0; i < 100 && dispatchBacklogLeft(await runScheduledWork(await getDb())); i++);
      } catch {
        // reported by ensureDatabaseReady and /api/health
      } finally {
        running = false;
      }
    }, c.SCHEDULER_INTERVAL_MS);
    g.__helferrufScheduler.unref?.();
  }
}
