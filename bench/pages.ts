import pg from "pg";
import { printTable, machineDescription, type Row } from "./lib";
import { createBenchDb, generateVolunteers, prepare, requestWithTokens } from "./sections/db";
import { loadGet, loadRow } from "./sections/respond";
import { buildWeb, httpBaselines, pageWeights, startWeb, warmUp } from "./sections/web";

/**
 * `npm run bench:pages`: only the page rows of `npm run bench` (issue 19) — page weight of the
 * landing, registration and response pages against an empty App Router page, and the landing and
 * response page GETs against a trivial dynamic page of the same Next.js, at c=50 and c=200, in
 * BENCH_PAGE_ROUNDS rounds (default 2) so that load from other work shows as scatter. Builds both
 * apps unless BENCH_SKIP_BUILD=1. BENCH_VOLUNTEERS (default 20,000), BENCH_SECONDS (default 5).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 20_000);
const rounds = Number(process.env.BENCH_PAGE_ROUNDS ?? 2);
const rows: Row[] = [];
const bench = await createBenchDb();
/**
 * Database round trips per warm page view, from PostgreSQL's own statistics: committed
 * transactions of the bench database (every statement outside a transaction is one) around 100
 * sequential GETs of each page. Backends report their counts when idle, at the latest after 10 s.
 */
async function roundTrips(dbUrl: string, appUrl: string, tokens: string[]): Promise<Row[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const commits = async () => {
    await new Promise((r) => setTimeout(r, 11_000));
    return Number((await c.query("select xact_commit from pg_stat_database where datname = current_database()")).rows[0].xact_commit);
  };
  const out: Row[] = [];
  const n = 100;
  try {
    for (const [name, path] of [["landing /", () => "/"], ["registration /register", () => "/register"], ["response /r/<token>", (i: number) => `/r/${tokens[i % tokens.length]}`]] as const) {
      const before = await commits();
      for (let i = 0; i < n; i++) {
        const res = await fetch(appUrl + path(i));
        if (res.status !== 200) throw new Error(`${path(i)} answered ${res.status}`);
        await res.arrayBuffer();
      }
      const after = await commits();
      // minus the one statistics query of this client between the two readings
      out.push({ section: "page queries", metric: `${name}: database round trips per warm GET`, value: (after - before - 1) / n, note: `PostgreSQL pg_stat_database.xact_commit over ${n} sequential GETs` });
    }
  } finally {
    await c.end();
  }
  return out;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
try {
  buildWeb();
  const handle = await bench.open();
  const f = await prepare(handle);
  await generateVolunteers(handle.db, f, volunteers);
  const getReq = await requestWithTokens(handle.db, f, { helpersNeeded: 500, count: 500, offset: 1_000, title: "Bench: GET" });
  await handle.close();
  const web = await startWeb(bench.appEnv);
  try {
    rows.push(...(await pageWeights(web, getReq.tokens[0])));
    // warm-up: the first requests compile nothing under next start, but fill per-process caches
    // and leave V8 to optimise the rendering paths (the same warm-up as npm run bench)
    await warmUp(web, getReq.tokens);
    await fetch(web.app.url + "/register");
    if (bench.url) rows.push(...(await roundTrips(bench.url, web.app.url, getReq.tokens)));
    for (let k = 1; k <= rounds; k++) {
      for (const c of [50, 200]) {
        const base = await httpBaselines(web, c, seconds, settle);
        rows.push(...base.rows.map((r) => ({ ...r, section: `${r.section} (round ${k})` })));
        await settle();
        const get = await loadGet(web.app, getReq.tokens, c, seconds);
        rows.push(loadRow(`http c=${c} (round ${k})`, "response page GET /r/<token>", get, base.page.rps, "trivial page"));
        await settle();
      }
    }
  } finally {
    await web.app.stop();
    await web.baseline.stop();
  }
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
console.log(`\nHelferruf page bench — ${bench.kind} — ${machineDescription()}\n`);
printTable(rows);
