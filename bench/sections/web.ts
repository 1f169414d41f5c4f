import { execSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load, pageWeight, startNext, type Row, type Server } from "../lib";

const root = process.cwd();
const baselineDir = path.join(root, "bench", "baseline-app");

export type WebContext = { app: Server; baseline: Server };

/** Builds (unless BENCH_SKIP_BUILD=1) and starts our app and the baseline app under `next start`. */
export async function startWeb(): Promise<WebContext> {
  if (!process.env.BENCH_SKIP_BUILD) {
    execSync("npx next build", { cwd: root, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    execSync("npx next build", { cwd: baselineDir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const dbEnv: Record<string, string> = process.env.BENCH_DATABASE_URL
    ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
    : { DATABASE_URL: "", PGLITE_DIR: path.join(mkdtempSync(path.join(tmpdir(), "helferruf-bench-")), "pglite") };
  const app = await startNext(root, { ...dbEnv, HELFERRUF_DEMO_DATA: "1", HELFERRUF_DEV_OUTBOX: "1", AUTH_SECRET: "bench-secret-0123456789abcdef0123456789", AUTH_TRUST_HOST: "true" }, "/api/health");
  const baseline = await startNext(baselineDir, {}, "/api/ping");
  return { app, baseline };
}

export const PAGES: { name: string; path: string }[] = [
  { name: "landing", path: "/" },
];

/** Section 5: gzipped HTML and JS of our pages against an empty App Router page. */
export async function pageWeights(ctx: WebContext): Promise<Row[]> {
  const rows: Row[] = [];
  const floor = await pageWeight(ctx.baseline.url + "/empty");
  rows.push({ section: "page weight", metric: "empty App Router page (floor): JS gz", value: floor.jsGz / 1024, unit: "KiB", note: `${floor.scripts} scripts, HTML ${(floor.htmlGz / 1024).toFixed(1)} KiB gz` });
  for (const p of PAGES) {
    const w = await pageWeight(ctx.app.url + p.path);
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
export async function httpBaselines(ctx: WebContext, connections: number, seconds: number) {
  const page = await load({ url: ctx.baseline.url + "/dynamic", connections, seconds });
  const route = await load({ url: ctx.baseline.url + "/api/ping", connections, seconds });
  const landing = await load({ url: ctx.app.url + "/", connections, seconds });
  const rows: Row[] = [
    { section: `http c=${connections}`, metric: "baseline: trivial dynamic page", value: page.rps, unit: "req/s", note: `p50 ${page.p50} ms, p99 ${page.p99} ms` },
    { section: `http c=${connections}`, metric: "baseline: trivial route handler", value: route.rps, unit: "req/s", note: `p50 ${route.p50} ms, p99 ${route.p99} ms` },
    { section: `http c=${connections}`, metric: "landing page GET", value: landing.rps, unit: "req/s", note: `${(landing.rps / page.rps).toFixed(2)}× trivial page; p50 ${landing.p50} ms, p99 ${landing.p99} ms; errors ${landing.errors + landing.non2xx}` },
  ];
  return { rows, page, route };
}
