import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import * as s from "@/db/schema";
import { machineDescription, markdownTable, printTable, replaceBlock, type Row } from "./lib";
import { createBenchDb, fanOut, generateVolunteers, matching, prepare, rawAccept, requestWithTokens, settleAfterLoad, stopMeansStop } from "./sections/db";
import { pgbenchBaseline } from "./sections/pgbench";
import { burstSection } from "./sections/burst";
import { dispatchSection } from "./sections/dispatch";
import { generateYear, reportTimings } from "./sections/reports";
import { acceptFormFields, loadAccept, loadGet, loadRow } from "./sections/respond";
import { prepareTiming, timingRows } from "./sections/timing";
import { buildWeb, httpBaselines, pageWeights, startWeb, warmUp } from "./sections/web";

/**
 * `npm run bench`: measures the product's hot paths next to baselines on the same machine, prints
 * one table and writes docs/benchmarks.md (BENCH_OUT to write elsewhere). PGlite by default; with
 * BENCH_DATABASE_URL the bench creates its own database helferruf_bench_<random> on that server
 * and drops it at the end. BENCH_SECONDS sets the length of each HTTP load (default 5),
 * BENCH_VOLUNTEERS the number of generated volunteers (default 100,000).
 */
const scaleAt = process.argv.indexOf("--scale");
if (scaleAt >= 0) {
  // `npm run bench -- --scale [N]`: the large matching and fan-out run alone (bench/scale.ts)
  const arg = Number(process.argv[scaleAt + 1]);
  const { scaleRun } = await import("./scale");
  await scaleRun(arg > 0 ? arg : Number(process.env.BENCH_VOLUNTEERS ?? 1_000_000), (process.env.BENCH_FANOUT ?? "10000,100000").split(",").map(Number).filter((n) => n > 0));
  process.exit(0);
}
if (process.argv.includes("--dispatch")) {
  // `npm run bench:dispatch`: the dispatch section alone (bench/dispatch.ts)
  await import("./dispatch");
  process.exit(0);
}
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 100_000);
const rows: Row[] = [];
/** rows also go to the log as they come, so a long run shows progress */
const add = (...r: Row[]) => {
  for (const x of r) console.log(`    ${x.section} | ${x.metric} | ${typeof x.value === "number" ? x.value.toFixed(2) : x.value} ${x.unit ?? ""} | ${x.note ?? ""}`);
  rows.push(...r);
};
const started = Date.now();
const log = (m: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);

const N = 50; // helpers needed on each HTTP accept request
const bench = await createBenchDb();
const dbName = bench.kind === "postgres" ? "PostgreSQL (BENCH_DATABASE_URL, own database)" : "embedded PGlite";
try {
  log("building the app and the baseline app");
  buildWeb();

  // --- everything that needs the database in this process, before the server opens it
  let handle = await bench.open();
  const f = await prepare(handle);
  log(`generating ${volunteers.toLocaleString("en-US")} volunteers`);
  const genMs = await generateVolunteers(handle.db, f, volunteers);
  add({ section: "matching", metric: `generate ${volunteers.toLocaleString("en-US")} volunteers (set-based SQL)`, value: genMs / 1000, unit: "s", note: "volunteers, activities, availability, languages; then ANALYZE" });
  log("matching");
  add(...(await matching(handle.db, f, { runs: 50, secondsPerCase: 12 })));
  log("fan-out");
  add(...(await fanOut(handle.db, f, 10_000)));
  log("reports: a generated year");
  const yearMs = await generateYear(handle.db, f, { requests: 5_000, perRequest: 40 });
  const settleMs = await settleAfterLoad(handle.db, bench.kind);
  add({ section: "reports", metric: "generate a year: 5,000 requests × 40 invitations", value: yearMs / 1000, unit: "s", note: `with messages and confirmed attendance (set-based SQL); see bench/sections/reports.ts; then the fairness fold, VACUUM (ANALYZE)${bench.kind === "postgres" ? " and CHECKPOINT" : ""} before the figures below (${(settleMs / 1000).toFixed(1)} s, settleAfterLoad)` });
  add(...(await reportTimings(handle.db, f, { runs: 10 })));
  log("raw accept baseline");
  const raw = await rawAccept(handle.db, f, { count: 400, seconds: 15 });
  log("pgbench floor");
  const floor = await pgbenchBaseline(bench.url, { seconds: 10 });
  add(...floor.rows);
  const tps1 = "tps1" in floor ? floor.tps1 : null;
  const tps50 = "tps50" in floor ? floor.tps50 : null;
  if (tps1) raw.rows[0].note = `${((raw.perSecond / tps1) * 100).toFixed(1)} % of the pgbench floor (1 client); ${raw.rows[0].note}`;
  add(...raw.rows);

  add(...(await dispatchSection(handle.db, f.organizationId, bench, log)));

  // the HTTP accept requests: N seats, many more tokens than can be posted in the load
  const getReq = await requestWithTokens(handle.db, f, { helpersNeeded: 500, count: 500, offset: 10_000, title: "Bench: GET" });
  const acceptReqs: Record<number, { requestId: string; tokens: string[] }> = {};
  for (const [i, c] of [50, 200].entries()) {
    acceptReqs[c] = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 5000, offset: 20_000 + i * 6000, title: `Bench: accept c=${c}`, queueInvitations: true });
  }
  // known addresses for the timing rows (issue 13): 60 members, 60 volunteers
  const timingAddresses = await prepareTiming(handle.db, f, 60);
  // PGlite: only one process may open the folder; the server opens it next.
  await handle.close();

  // --- the built app under next start
  log("starting next start (app and baseline)");
  const web = await startWeb(bench.appEnv);
  const posted: Record<number, { distinct: number; answered: number }> = {};
  // a server still busy with the last load's abandoned requests would skew the next one
  const settle = () => new Promise((r) => setTimeout(r, 3000));
  try {
    add(...(await pageWeights(web, getReq.tokens[0])));
    log("timing: known vs unknown addresses");
    add(...(await timingRows(web.app, timingAddresses)));
    const acceptForm = await acceptFormFields(web.app, acceptReqs[50].tokens[0]);
    log("warming both servers");
    const warmed = await warmUp(web, getReq.tokens);
    add({ section: "http", metric: "warm-up before the page and route figures (both apps)", value: warmed, unit: "s", note: "c=50 on the trivial page and route handler, the landing page and the response page, BENCH_WARMUP_SECONDS each (bench/sections/web.ts warmUp)" });
    for (const c of [50, 200]) {
      log(`HTTP c=${c}`);
      const base = await httpBaselines(web, c, seconds, settle);
      add(...base.rows);
      await settle();
      const get = await loadGet(web.app, getReq.tokens, c, seconds);
      add(loadRow(`http c=${c}`, "response page GET /r/<token>", get, base.page.rps, "trivial page"));
      await settle();
      const post = await loadAccept(web.app, acceptReqs[c].tokens, acceptForm, c, seconds);
      posted[c] = { distinct: post.posted, answered: post.s3xx };
      await settle();
      add(
        loadRow(
          `http c=${c}`,
          "accept POST (answer route)",
          post,
          base.route.rps,
          "trivial route handler",
          `; ${(post.rps / raw.perSecond).toFixed(2)}× raw accept transaction${tps50 ? `; ${((post.rps / tps50) * 100).toFixed(1)} % of the pgbench hot-row floor (50 clients)` : ""}; ${post.posted} distinct tokens posted`,
        ),
      );
    }
  } finally {
    await web.app.stop();
    await web.baseline.stop();
  }

  // --- read back after the server stopped
  handle = await bench.open();
  for (const c of [50, 200]) {
    const [r] = await handle.db.select({ accepted: s.requests.acceptedCount, status: s.requests.status }).from(s.requests).where(eq(s.requests.id, acceptReqs[c].requestId));
    const inv = await handle.db.execute(sql`select count(*)::int as n from invitations where request_id = ${acceptReqs[c].requestId} and status = 'accepted'`);
    const accepted = Number((inv.rows[0] as { n: number }).n);
    const p = posted[c] ?? { distinct: 0, answered: 0 };
    // Every answered POST was a different token: once N were answered, exactly N must be accepted.
    // POSTs still in flight when the load stopped may have been accepted too, never more than N.
    const ok = accepted === r.accepted && accepted <= N && (p.answered < N || accepted === N);
    // stop means stop: the fill cancelled every queued invitation, none went out after it
    const stop = await stopMeansStop(handle.db, acceptReqs[c].requestId);
    const stopOk = r.status !== "filled" || (stop.sentAfterFill === 0 && stop.stillQueued === 0);
    add({
      section: `http c=${c}`,
      metric: `exactly N: accepted invitations (N = ${N})`,
      value: accepted,
      unit: "accepted",
      note: `${ok ? "OK" : "MISMATCH"}${p.answered < N ? " (load too short to fill: fewer than N answered)" : ""}; accepted_count ${r.accepted}, request ${r.status}; ${p.answered} POSTs answered, ${p.distinct} distinct tokens sent`,
    });
    add({
      section: `http c=${c}`,
      metric: "stop means stop: asking messages sent or queued after the fill",
      value: stop.sentAfterFill + stop.stillQueued,
      unit: "messages",
      note: `${stopOk ? "OK" : "MISMATCH"}${r.status !== "filled" ? " (request not filled)" : ""}; sent after the fill ${stop.sentAfterFill}, still queued ${stop.stillQueued}, cancelled by the fill ${stop.cancelled}`,
    });
  }
  if (bench.kind === "postgres") {
    // issue 19's remaining goal rows in the same run: "full" answers, bursts, two instances
    log("bursts and two instances (bench/sections/burst.ts)");
    add(...(await burstSection(handle, f, bench, { seconds, offset: 60_000, log })));
  } else {
    add({ section: "burst", metric: "bursts of 500 / 2,000 taps, two instances", value: "skipped", note: "skipped on PGlite (one process per folder); run with BENCH_DATABASE_URL" });
  }
  await handle.close();
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}

const when = new Date().toISOString();
console.log(`\nHelferruf benchmarks — ${when} — ${dbName}\n${machineDescription()}\n`);
printTable(rows);
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n(${total} s)`);

const out = process.env.BENCH_OUT ?? "docs/benchmarks.md";
const block = `## ${dbName}\n\nWritten by \`npm run bench\` on ${when.slice(0, 16).replace("T", " ")} UTC in ${total} s.\n\nMachine: ${machineDescription()}\n\n${markdownTable(rows)}\n`;
writeFileSync(out, replaceBlock(existsSync(out) ? readFileSync(out, "utf8") : "# Benchmarks\n", bench.kind, block));
console.log(`wrote the ${bench.kind} table of ${out}`);
