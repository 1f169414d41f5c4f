import { printTable, machineDescription, type Row } from "./lib";
import { createBenchDb, generateVolunteers, prepare, settleAfterLoad } from "./sections/db";
import { generateYear, reportTimings } from "./sections/reports";

/**
 * `npm run bench:reports`: only the reports row of the bench, on its own database (PGlite, or
 * BENCH_DATABASE_URL). Sizes: BENCH_VOLUNTEERS (100,000), BENCH_REPORT_REQUESTS (5,000),
 * BENCH_REPORT_INVITATIONS_PER_REQUEST (40), BENCH_REPORT_RUNS (10). Small sizes check that it works:
 * BENCH_VOLUNTEERS=2000 BENCH_REPORT_REQUESTS=200 npm run bench:reports
 */
const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 100_000);
const requests = Number(process.env.BENCH_REPORT_REQUESTS ?? 5_000);
const perRequest = Number(process.env.BENCH_REPORT_INVITATIONS_PER_REQUEST ?? 40);
const runs = Number(process.env.BENCH_REPORT_RUNS ?? 10);
const bench = await createBenchDb();
const rows: Row[] = [];
try {
  const handle = await bench.open();
  const f = await prepare(handle);
  const genV = await generateVolunteers(handle.db, f, volunteers);
  const genY = await generateYear(handle.db, f, { requests, perRequest });
  const settle = await settleAfterLoad(handle.db, bench.kind);
  rows.push(
    { section: "reports", metric: `generate ${volunteers.toLocaleString("en-US")} volunteers`, value: genV / 1000, unit: "s" },
    { section: "reports", metric: `generate a year: ${requests.toLocaleString("en-US")} requests × ${perRequest} invitations`, value: genY / 1000, unit: "s", note: `with messages and confirmed attendance (set-based SQL); then the fairness fold, VACUUM (ANALYZE)${bench.kind === "postgres" ? " and CHECKPOINT" : ""} (${(settle / 1000).toFixed(1)} s)` },
    ...(await reportTimings(handle.db, f, { runs })),
  );
  await handle.close();
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
console.log(`\nHelferruf reports bench — ${bench.kind} — ${machineDescription()}\n`);
printTable(rows);
