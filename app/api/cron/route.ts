import { timingSafeEqual, createHash } from "node:crypto";
import { ensureDatabaseReady, getDb } from "@/db";
import { config } from "@/lib/config";
import { runScheduledWork } from "@/lib/scheduler";

/**
 * The scheduler for serverless hosts: GET or POST with `Authorization: Bearer $CRON_SECRET`.
 * Without CRON_SECRET the route does not exist (404); a missing or wrong secret → 401 and nothing
 * runs. The same runScheduledWork as the in-process interval; every job claims its rows in the
 * database, so a cron call overlapping the interval (or another call) never sends twice.
 */
export const dynamic = "force-dynamic";

const digest = (v: string) => createHash("sha256").update(v).digest();

export function cronAuthorized(header: string | null, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const m = /^Bearer (.+)$/.exec(header.trim());
  if (!m) return false;
  // constant time, independent of the length of the guess
  return timingSafeEqual(digest(m[1]), digest(secret));
}

async function handle(request: Request): Promise<Response> {
  const secret = config().CRON_SECRET;
  if (!secret) return new Response("Not found", { status: 404 });
  if (!cronAuthorized(request.headers.get("authorization"), secret)) {
    return Response.json({ ok: false, error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  await ensureDatabaseReady();
  const report = await runScheduledWork(await getDb());
  const failed = Object.entries(report).filter(([, r]) => !r.ok).map(([name]) => name);
  return Response.json({ ok: failed.length === 0, jobs: Object.keys(report), failed }, { status: failed.length ? 500 : 200 });
}

export const GET = handle;
export const POST = handle;
