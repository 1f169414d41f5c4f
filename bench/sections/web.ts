import { execSync } from "node:child_process";
import path from "node:path";
import { load, pageWeight, startNext, type Row, type Server } from "../lib";
import { loadGet } from "./respond";

const root = process.cwd();
const baselineDir = path.join(root, "bench", "baseline-app");

export type WebContext = { app: Server; baseline: Server };

/** Builds both apps (unless BENCH_SKIP_BUILD=1). */
export function buildWeb() {
  if (process.env.BENCH_SKIP_BUILD) return;
  execSync("npx next build", { cwd: root, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  execSync("npx next build", { cwd: baselineDir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

/**
 * Starts our app (on the bench's database, scheduler off so that no dispatcher runs during the
 * load) and the baseline app under `next start`.
 */
export async function startWeb(dbEnv: Record<string, string>): Promise<WebContext> {
  const app = await startNext(
    root,
    { ...dbEnv, HELFERRUF_DEMO_DATA: "0", HELFERRUF_SCHEDULER: "0", AUTH_SECRET: "bench-secret-0123456789abcdef0123456789", AUTH_TRUST_HOST: "true", TRUSTED_PROXY_HOPS: "1" },
    "/api/health",
  );
  // a server that did not start must not leave the other one running (and holding its port)
  const baseline = await startNext(baselineDir, {}, "/api/ping").catch(async (e) => {
    await app.stop();
    throw e;
  });
  return { app, baseline };
}

export const PAGES: { name: string; path: string }[] = [
  { name: "landing", path: "/" },
  { name: "registration", path: "/register" },
  { name: "response", path: "/r/<token>" },
];

/** Section 5: gzipped HTML and JS of our pages against an empty App Router page. */
export async function pageWeights(ctx: WebContext, responseToken: string): Promise<Row[]> {
  const rows: Row[] = [];
  const floor = await pageWeight(ctx.baseline.url + "/empty");
  rows.push({ section: "page weight", metric: "empty App Router page (floor): JS gz", value: floor.jsGz / 1024, unit: "KiB", note: `${floor.scripts} scripts, HTML ${(floor.htmlGz / 1024).toFixed(1)} KiB gz` });
  for (const p of PAGES) {
    const w = await pageWeight(ctx.app.url + p.path.replace("<token>", responseToken));
    rows.push({
      section: "page weight",
      metric: `${p.name} ${p.path}: JS gz`,
      value: w.jsGz / 1024,
      unit: "KiB",
      note: `${(w.jsGz / floor.jsGz).toFixed(2)}× floor; ${w.scripts} scripts, HTML ${(w.htmlGz / 1024).toFixed(1)} KiB gz`,
    });
  }
  return rows;
}

/** Baselines for section 4: the same Next.js, nothing of ours. */
/**
 * Warms both servers before any page or route figure: the same load (c=50) on each measured
 * address for BENCH_WARMUP_SECONDS (default 5) — the trivial page and route handler of the
 * baseline app, our landing page and the response page. Right after `next start` V8 has not yet
 * optimised React's and Next.js's rendering paths, and the first loads ran ~40 % slower than the
 * third (2026-12-03: 130 → 175 → 213 req/s for the response page in three back-to-back 5 s loads);
 * the goals compare warm servers, so both apps get the same warm-up. Returns the seconds it took.
 */
export async function warmUp(ctx: WebContext, responseTokens: string[], seconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5)): Promise<number> {
  const t0 = performance.now();
  if (seconds <= 0) return 0;
  await load({ url: ctx.baseline.url + "/dynamic", connections: 50, seconds });
  await load({ url: ctx.baseline.url + "/api/ping", connections: 50, seconds });
  await load({ url: ctx.app.url + "/", connections: 50, seconds });
  await loadGet(ctx.app, responseTokens, 50, seconds);
  return (performance.now() - t0) / 1000;
}

export async function httpBaselines(ctx: WebContext, connections: number, seconds: number, settle: () => Promise<unknown> = async () => undefined) {
  const page = await load({ url: ctx.baseline.url + "/dynamic", connections, seconds });
  await settle();
  const route = await load({ url: ctx.baseline.url + "/api/ping", connections, seconds });
  await settle();
  const landing = await load({ url: ctx.app.url + "/", connections, seconds });
  const rows: Row[] = [
    { section: `http c=${connections}`, metric: "baseline: trivial dynamic page", value: page.rps, unit: "req/s", note: `p50 ${page.p50} ms, p99 ${page.p99} ms` },
    { section: `http c=${connections}`, metric: "baseline: trivial route handler", value: route.rps, unit: "req/s", note: `p50 ${route.p50} ms, p99 ${route.p99} ms` },
    { section: `http c=${connections}`, metric: "landing page GET", value: landing.rps, unit: "req/s", note: `${(landing.rps / page.rps).toFixed(2)}× trivial page; p50 ${landing.p50} ms, p99 ${landing.p99} ms; errors ${landing.errors + landing.non2xx}` },
  ];
  return { rows, page, route };
}
