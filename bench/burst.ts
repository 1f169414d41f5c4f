import path from "node:path";
import { sql } from "drizzle-orm";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { FakeResend } from "../tests/fakes/fake-resend";
import { load, machineDescription, printTable, startNext, type Row, type Server } from "./lib";
import { burst, burstRow, exactlyN } from "./sections/burst";
import { createBenchDb, generateVolunteers, prepare, rawAccept, requestWithTokens } from "./sections/db";
import { pgbenchBaseline } from "./sections/pgbench";
import { acceptFormFields, loadAccept, loadRow } from "./sections/respond";
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
const N = 50;
const started = Date.now();
const log = (m: string) => console.log(`[burst ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);
const rows: Row[] = [];
const add = (...r: Row[]) => {
  for (const x of r) console.log(`    ${x.section} | ${x.metric} | ${typeof x.value === "number" ? x.value.toFixed(2) : x.value} ${x.unit ?? ""} | ${x.note ?? ""}`);
  rows.push(...r);
};
const settle = () => new Promise((r) => setTimeout(r, 3000));

if (!process.env.BENCH_DATABASE_URL) {
  console.log("bench:burst needs PostgreSQL (BENCH_DATABASE_URL=postgres://…): pgbench and two app instances need a server; PGlite skips it");
  process.exit(0);
}
const bench = await createBenchDb();
const root = process.cwd();
const appEnv = (extra: Record<string, string> = {}) => ({
  ...bench.appEnv,
  HELFERRUF_DEMO_DATA: "0",
  HELFERRUF_SCHEDULER: "0",
  AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
  AUTH_TRUST_HOST: "true",
  ...extra,
});
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

  const hot = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 5000, offset: 0, title: "Bench: hot request", queueInvitations: true });
  const full = await requestWithTokens(handle.db, f, { helpersNeeded: 1, count: 5000, offset: 5000, title: "Bench: filled request" });
  await respondToInvitation(handle.db, { tokenHash: hashToken(full.tokens[0]), token: full.tokens[0], answer: "accept", via: "web" });
  const b500 = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 500, offset: 10_000, title: "Bench: burst 500", queueInvitations: true });
  const b2000 = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 2000, offset: 10_500, title: "Bench: burst 2000", queueInvitations: true });
  const two = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 2000, offset: 12_500, title: "Bench: two instances", queueInvitations: true });
  await handle.db.execute(sql`delete from messages where kind = 'confirmation'`); // the raw loop's, not sent by anyone

  log("one instance");
  const app = await startNext(root, appEnv(), "/api/health");
  const baseline = await startNext(path.join(root, "bench", "baseline-app"), {}, "/api/ping");
  try {
    const hidden = await acceptFormFields(app, hot.tokens[0]);
    const route = await load({ url: baseline.url + "/api/ping", connections: 50, seconds });
    add({ section: "http c=50", metric: "baseline: trivial route handler", value: route.rps, unit: "req/s", note: `p50 ${route.p50} ms, p99 ${route.p99} ms` });
    await settle();
    const hotLoad = await loadAccept(app, hot.tokens, hidden, 50, seconds);
    add(loadRow("http c=50", "accept POST, one hot request (N = 50, then full)", hotLoad, tps50, "pgbench 50 clients (hot-row floor)", `; ${hotLoad.posted} distinct tokens`));
    await settle();
    const fullLoad = await loadAccept(app, full.tokens.slice(1), hidden, 50, seconds);
    add(loadRow("http c=50", "accept POST to a filled request ('full')", fullLoad, route.rps, "trivial route handler", `; ${fullLoad.posted} distinct tokens`));
    await settle();
    for (const [k, req] of [[500, b500], [2000, b2000]] as const) {
      log(`burst of ${k}`);
      const r = await burst([app], req.tokens, hidden);
      add(burstRow(`burst ${k}`, `${k} parallel taps, one instance`, r));
      const n = await exactlyN(handle.db, req.requestId, N);
      add({ section: `burst ${k}`, metric: `exactly N (N = ${N})`, value: n.accepted, unit: "accepted", note: n.note });
      await settle();
    }
  } finally {
    await app.stop();
    await baseline.stop();
  }

  log("two instances, schedulers on, fake Resend");
  const resend = await FakeResend.start();
  const dispatchEnv = appEnv({ HELFERRUF_SCHEDULER: "1", SCHEDULER_INTERVAL_MS: "1000", RESEND_API_KEY: "re_bench_0123456789", RESEND_BASE_URL: resend.url, EMAIL_FROM: "Helferruf <helfen@bench.example.org>" });
  const apps: Server[] = [await startNext(root, dispatchEnv, "/api/health"), await startNext(root, dispatchEnv, "/api/health")];
  try {
    const r = await burst(apps, two.tokens, await acceptFormFields(apps[0], two.tokens[0]));
    add(burstRow("two instances", "2,000 parallel taps split over 2 × next start", r));
    // let both dispatchers send every confirmation
    const deadline = Date.now() + 120_000;
    for (;;) {
      const q = await handle.db.execute(sql`select count(*)::int as n from messages where request_id = ${two.requestId} and kind = 'confirmation' and status in ('queued', 'sending')`);
      if (Number((q.rows[0] as { n: number }).n) === 0 || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    const n = await exactlyN(handle.db, two.requestId, N);
    add({ section: "two instances", metric: `exactly N (N = ${N})`, value: n.accepted, unit: "accepted", note: n.note });
    const sent = await handle.db.execute(sql`select id, status from messages where request_id = ${two.requestId} and kind = 'confirmation'`);
    const got = new Map<string, number>();
    for (const e of resend.emails) {
      const id = e.tags?.find((t) => t.name === "message_id")?.value ?? "?";
      got.set(id, (got.get(id) ?? 0) + 1);
    }
    const list = sent.rows as { id: string; status: string }[];
    const twice = list.filter((m) => (got.get(m.id) ?? 0) > 1).length;
    const never = list.filter((m) => !got.has(m.id)).length;
    add({
      section: "two instances",
      metric: "confirmations sent twice (both dispatchers running)",
      value: twice,
      unit: "messages",
      note: `${twice === 0 && never === 0 ? "OK" : "MISMATCH"}; ${list.length} confirmations in the outbox, ${got.size} distinct received by the fake Resend, ${never} not received; statuses ${[...new Set(list.map((m) => m.status))].join("/")}`,
    });
  } finally {
    for (const a of apps) await a.stop();
    await resend.stop();
  }
  await handle.close();
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
console.log(`\nHelferruf accept burst bench — ${new Date().toISOString()} — ${machineDescription()}\n`);
printTable(rows);
