import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Row } from "../lib";

/**
 * The database's floor for the accept path: `pgbench` (from the PostgreSQL package) running the
 * same two statements the accept transaction cannot do without — the conditional seat update
 * (status open and accepted_count < helpers_needed, returning the row: lib/requests/lifecycle.ts
 * takeSeat) and one answer row insert — in one transaction, on ONE hot row, with 1 client and with
 * 50 clients. The seat table has no upper bound (helpers_needed = 2^31 − 1) so the update always
 * succeeds, as an accept does; requests' CHECK caps helpers_needed at 500, which would turn the
 * run into the "full" path after 500 transactions. Only on PostgreSQL: PGlite is not a server.
 */
export type PgbenchResult = { tps1: number; tps50: number; rows: Row[] } | { skipped: string; rows: Row[] };

const SCRIPT = `BEGIN;
UPDATE bench_seats SET accepted_count = accepted_count + 1,
  status = CASE WHEN accepted_count + 1 >= helpers_needed THEN 'filled' ELSE status END,
  filled_at = CASE WHEN accepted_count + 1 >= helpers_needed THEN now() ELSE filled_at END,
  updated_at = now()
  WHERE id = 1 AND status = 'open' AND accepted_count < helpers_needed
  RETURNING status, accepted_count, filled_at;
INSERT INTO bench_answers (seat_id, status, responded_at, responded_via) VALUES (1, 'accepted', now(), 'web');
COMMIT;
`;

/** pgbench on PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian puts it there). */
export function findPgbench(): string | null {
  const onPath = spawnSync("sh", ["-c", "command -v pgbench"], { encoding: "utf8" });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
    const p = path.join(root, v, "bin", "pgbench");
    if (existsSync(p)) return p;
  }
  return null;
}

function runPgbench(bin: string, url: string, file: string, clients: number, seconds: number): { tps: number; latency: number } {
  const out = execFileSync(bin, ["-n", "-M", "prepared", "-f", file, "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds), url], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? NaN);
  const latency = Number(out.match(/latency average = ([\d.]+) ms/)?.[1] ?? NaN);
  return { tps, latency };
}

export async function pgbenchBaseline(url: string | undefined, opts: { seconds: number }): Promise<PgbenchResult> {
  const skip = (why: string): PgbenchResult => ({ skipped: why, rows: [{ section: "respond", metric: "floor: pgbench seat update + answer insert", value: "skipped", note: why }] });
  if (!url) return skip("skipped on PGlite (pgbench needs a PostgreSQL server); run with BENCH_DATABASE_URL");
  const bin = findPgbench();
  if (!bin) return skip("pgbench not found (PATH, /usr/lib/postgresql/*/bin): install the postgresql package");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const dir = mkdtempSync(path.join(tmpdir(), "helferruf-pgbench-"));
  try {
    await c.query(`create table bench_seats (id int primary key, status text not null, accepted_count int not null default 0, helpers_needed int not null, filled_at timestamptz, updated_at timestamptz not null default now())`);
    await c.query(`create table bench_answers (id bigserial primary key, seat_id int not null references bench_seats(id), status text not null, responded_at timestamptz, responded_via text)`);
    await c.query(`insert into bench_seats (id, status, helpers_needed) values (1, 'open', 2147483647)`);
    const file = path.join(dir, "accept.sql");
    writeFileSync(file, SCRIPT);
    const one = runPgbench(bin, url, file, 1, opts.seconds);
    const fifty = runPgbench(bin, url, file, 50, opts.seconds);
    const [{ n }] = (await c.query(`select accepted_count as n from bench_seats where id = 1`)).rows as { n: number }[];
    const note = `conditional UPDATE of one hot row + INSERT, one transaction; -M prepared, ${opts.seconds} s; ${n.toLocaleString("en-US")} seats taken`;
    return {
      tps1: one.tps,
      tps50: fifty.tps,
      rows: [
        { section: "respond", metric: "floor: pgbench seat update + answer insert, 1 client", value: one.tps, unit: "tx/s", note: `latency ${one.latency.toFixed(2)} ms; ${note}` },
        { section: "respond", metric: "floor: pgbench, 50 clients on one hot row", value: fifty.tps, unit: "tx/s", note: `latency ${fifty.latency.toFixed(2)} ms` },
      ],
    };
  } catch (e) {
    return skip(`pgbench failed: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    await c.query(`drop table if exists bench_answers; drop table if exists bench_seats`).catch(() => undefined);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
