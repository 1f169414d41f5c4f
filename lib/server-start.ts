import { ensureDatabaseReady, getDb } from "@/db";
import { config } from "@/lib/config";
import { runScheduledWork } from "@/lib/scheduler";
import { getTransports } from "@/lib/messaging/transports";

const g = globalThis as unknown as { __helferrufScheduler?: NodeJS.Timeout };

/** Runs once in the server process (instrumentation.ts): config check, migrate + seed, scheduler. */
export async function startServer() {
  const c = config(); // throws ConfigError naming the variable
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
        await runScheduledWork(await getDb());
      } catch {
        // reported by ensureDatabaseReady and /api/health
      } finally {
        running = false;
      }
    }, c.SCHEDULER_INTERVAL_MS);
    g.__helferrufScheduler.unref?.();
  }
}
