import { machineDescription, printTable, type Row } from "./lib";
import { burstSection } from "./sections/burst";
import { createBenchDb, generateVolunteers, prepare, rawAccept } from "./sections/db";
import { pgbenchBaseline } from "./sections/pgbench";
import { buildWeb } from "./sections/web";

/**
 * `npm run bench:burst` (PostgreSQL only: BENCH_DATABASE_URL): the accept path of issue 19 next
 * to the database's floor, in one run —
 * 1. pgbench (seat update + answer insert, 1 and 50 clients on one hot row) and the domain call
 *    `respondToInvitation` in a sequential loop;
 * 2. the built app under `next start` (scheduler off): accept POSTs on one hot request at c=50,
 *    "full" answers (POSTs to a filled request) at c=50 next to the trivial route handler, and
 *    bursts of 500 and 2,000 taps fired at the same instant;
 * 3. two `next start` instances on the same database, each with its scheduler (the dispatcher)
 *    sending to a fake Resend: 2,000 taps split across both; throughput, exactly N, every
 *    confirmation delivered once, no asking message sent after the fill.
 * BENCH_VOLUNTEERS (20,000), BENCH_SECONDS (5) per autocannon load, BENCH_SKIP_BUILD=1.
 * The app runs with its default pool and timeouts (DATABASE_POOL_MAX, DATABASE_POOL_WAIT_MS,
 * DATABASE_STATEMENT_TIMEOUT_MS) unless they are set in the environment.
 */
const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const started = Date.now();
const log = (m: string) => console.log(`[burst ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);
const rows: Row[] = [];
const add = (...r: Row[]) => {
  for (const x of r) console.log(`    ${x.section} | ${x.metric} | ${typeof x.value === "number" ? x.value.toFixed(2) : x.value} ${x.unit ?? ""} | ${x.note ?? ""}`);
  rows.push(...r);
};

if (!process.env.BENCH_DATABASE_URL) {
  console.log("bench:burst needs PostgreSQL (BENCH_DATABASE_URL=postgres://…): pgbench and two app instances need a server; PGlite skips it");
  process.exit(0);
}
const bench = await createBenchDb();
try {
  log("building");
  buildWeb();
  const handle = await bench.open();
  const f = await prepare(handle);
  log(`generating ${volunteers.toLocaleString("en-US")} volunteers`);
  await generateVolunteers(handle.db, f, volunteers);

  log("pgbench floor");
  const floor = await pgbenchBaseline(bench.url, { seconds: 10 });
  add(...floor.rows);
  const tps1 = "tps1" in floor ? floor.tps1 : NaN;
  const tps50 = "tps50" in floor ? floor.tps50 : NaN;
  log("domain call, sequential");
  await rawAccept(handle.db, f, { count: 50, seconds: 5 }); // warm up
  const raw = await rawAccept(handle.db, f, { count: 400, seconds: 15 });
  raw.rows[0].note = `${((raw.perSecond / tps1) * 100).toFixed(1)} % of the pgbench floor (1 client); ${raw.rows[0].note}`;
  add(...raw.rows);

  add(...(await burstSection(handle, f, bench, { seconds, offset: 0, hot: { tps50 }, log })));
  await handle.close();
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
console.log(`\nHelferruf accept burst bench — ${new Date().toISOString()} — ${machineDescription()}\n`);
printTable(rows);
