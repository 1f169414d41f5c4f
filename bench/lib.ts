import { createServer, type AddressInfo } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import { execSync } from "node:child_process";
import os from "node:os";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

export type Row = { section: string; metric: string; value: number | string; unit?: string; note?: string };

export function fmt(v: number | string): string {
  if (typeof v === "string") return v;
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return v.toLocaleString("en-US", { maximumFractionDigits: Math.abs(v) < 10 ? 2 : 1 });
}

/** A plain fixed-width table for the terminal; the same rows become Markdown for docs/. */
export function printTable(rows: Row[]) {
  const cells = rows.map((r) => [r.section, r.metric, `${fmt(r.value)}${r.unit ? " " + r.unit : ""}`, r.note ?? ""]);
  const head = ["section", "metric", "value", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}

export function markdownTable(rows: Row[]): string {
  const out = ["| section | metric | value | note |", "| --- | --- | ---: | --- |"];
  for (const r of rows) out.push(`| ${r.section} | ${r.metric} | ${fmt(r.value)}${r.unit ? " " + r.unit : ""} | ${r.note ?? ""} |`);
  return out.join("\n");
}

/**
 * docs/benchmarks.md keeps one generated block per database between markers
 * (<!-- bench:postgres --> … <!-- /bench:postgres -->); the hand-written reading around them stays.
 */
export function replaceBlock(doc: string, name: string, block: string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const wrapped = `${open}\n${block.trim()}\n${close}`;
  const a = doc.indexOf(open);
  const b = doc.indexOf(close);
  if (a >= 0 && b > a) return doc.slice(0, a) + wrapped + doc.slice(b + close.length);
  return doc.trimEnd() + "\n\n" + wrapped + "\n";
}

export function machineDescription(): string {
  const cpus = os.cpus();
  let pg = "";
  try {
    pg = execSync("psql --version", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    pg = "psql not found";
  }
  return `${cpus.length} × ${cpus[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${pg}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/** output: what the server printed so far (stdout and stderr), to explain a failed check */
export type Server = { url: string; stop: () => Promise<void>; output?: () => string };

/** A port the OS says is free now (a random pick once landed on PostgreSQL's 5432). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `next start` of a built app in `dir`, on a free port, until its health URL answers. */
export async function startNext(dir: string, env: Record<string, string>, readyPath = "/"): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url + readyPath);
      if (res.status < 500) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server in ${dir} did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => log,
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}

export type LoadResult = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

/** autocannon for a fixed duration; bounded in time and aimed only at loopback. */
export async function load(opts: { url: string; connections: number; seconds: number; method?: "GET" | "POST"; body?: string; headers?: Record<string, string>; requests?: autocannon.Request[] }): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(opts.url)) throw new Error("benchmarks only target loopback");
  const r = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    method: opts.method ?? "GET",
    body: opts.body,
    headers: opts.headers,
    requests: opts.requests,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Gzipped bytes of a page's HTML and of every script it loads. */
export async function pageWeight(url: string): Promise<{ htmlGz: number; jsGz: number; scripts: number }> {
  const html = await (await fetch(url)).text();
  const srcs = Array.from(html.matchAll(/<script[^>]+src="([^"]+)"/g)).map((m) => m[1]);
  let jsGz = 0;
  for (const src of new Set(srcs)) {
    const body = Buffer.from(await (await fetch(new URL(src, url))).arrayBuffer());
    jsGz += gzipSync(body).length;
  }
  return { htmlGz: gzipSync(Buffer.from(html)).length, jsGz, scripts: new Set(srcs).size };
}
