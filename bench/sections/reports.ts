import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/guard-types";
import { activeVolunteers, hoursAndHelpers, reportFigures, requestFigures, peopleFigures, hoursByActivity, hoursByMonth, responseFunnel, responseCurve, messageFigures, fairnessFigures, type ReportScope } from "@/lib/reports/figures";
import { presetPeriod } from "@/lib/reports/period";
import { getOpenRequestSummaries } from "@/lib/requests/queries";
import { calendarDateIn } from "@/lib/time-zone";
import { countVolunteersByStatus } from "@/lib/volunteers/directory";
import { percentile, type Row } from "../lib";
import type { Fixture } from "./db";

/**
 * A generated year for the reports (issue 14): `requests` requests spread over the current
 * calendar year, `perRequest` invitations each to the generated volunteers (200,000 for the
 * defaults), one outbox message per invitation (a third SMS), answers, and confirmed attendance
 * for the accepted helpers of past requests. Set-based SQL only, like generateVolunteers.
 */
export async function generateYear(db: Db, f: Fixture, opts: { requests: number; perRequest: number }): Promise<number> {
  const t0 = performance.now();
  const acts = sql.raw(`array[${f.activityIds.map((a) => `'${a}'::uuid`).join(",")}]`);
  await db.execute(sql`
    insert into requests (organization_id, activity_id, short_code, title, starts_at, ends_at, helpers_needed, accepted_count, status, created_at, updated_at, filled_at, cancelled_at, closed_at)
    select ${f.organizationId}, (${acts})[1 + g % ${f.activityIds.length}], 'yr-' || g, 'Bench year ' || g, x.starts_at, x.starts_at + interval '2 hours',
      1 + g % 3, case when g % 5 = 0 or g % 29 = 0 then 0 else 1 + g % 3 end,
      (case when g % 29 = 0 then 'cancelled' when x.starts_at > now() then 'open' else 'closed' end)::request_status,
      x.starts_at - interval '2 days', x.starts_at - interval '2 days',
      case when g % 5 <> 0 and g % 29 <> 0 then x.starts_at - interval '2 days' + (g % 600) * interval '1 minute' end,
      case when g % 29 = 0 then x.starts_at - interval '1 hour' end,
      case when g % 29 <> 0 and x.starts_at <= now() then x.starts_at end
    from generate_series(1, ${opts.requests}) g
    cross join lateral (select date_trunc('year', now()) + (g::float8 / ${opts.requests}) * interval '364 days' + interval '8 hours' as starts_at) x`);
  await db.execute(sql`create temporary table bench_vol as select row_number() over (order by id) as n, id from volunteers where organization_id = ${f.organizationId} and status = 'active'`);
  await db.execute(sql`create index on bench_vol (n)`);
  await db.execute(sql`
    insert into invitations (request_id, volunteer_id, token_hash, status, asked_at, responded_at, responded_via, created_at)
    select r.id, v.id, 'bench-year-' || r.short_code || '-' || k,
      (case when k <= r.accepted_count then 'accepted' when k % 4 = 0 then 'declined' when k % 4 = 1 and r.status <> 'open' then 'expired' else 'pending' end)::invitation_status,
      r.created_at,
      case when k <= r.accepted_count or k % 4 = 0 then r.created_at + ((k * 37 + length(r.short_code)) % 900) * interval '1 minute' end,
      case when k <= r.accepted_count or k % 4 = 0 then 'web' end,
      r.created_at
    from requests r
    cross join generate_series(1, ${opts.perRequest}) k
    join bench_vol v on v.n = 1 + (abs(hashtext(r.id::text)::bigint) + k * 7919) % (select count(*) from bench_vol)
    where r.organization_id = ${f.organizationId} and r.short_code like 'yr-%'
    on conflict do nothing`);
  await db.execute(sql`
    insert into messages (organization_id, channel, recipient, volunteer_id, request_id, invitation_id, kind, status, attempts, segments, created_at, sent_at, delivered_at, body_purged_at)
    select ${f.organizationId}, (case when abs(hashtext(i.id::text)::bigint) % 3 = 0 then 'sms' else 'email' end)::message_channel, 'bench', i.volunteer_id, i.request_id, i.id, 'invitation',
      (case when abs(hashtext(i.id::text)::bigint) % 50 = 0 then 'failed' when abs(hashtext(i.id::text)::bigint) % 2 = 0 then 'delivered' else 'sent' end)::message_status, 1,
      case when abs(hashtext(i.id::text)::bigint) % 3 = 0 then 1 end, i.asked_at, i.asked_at,
      case when abs(hashtext(i.id::text)::bigint) % 2 = 0 then i.asked_at end, i.asked_at
    from invitations i join requests r on r.id = i.request_id
    where r.organization_id = ${f.organizationId} and r.short_code like 'yr-%'`);
  await db.execute(sql`
    insert into attendances (invitation_id, organization_id, request_id, volunteer_id, attended, minutes, confirmed_at)
    select i.id, ${f.organizationId}, i.request_id, i.volunteer_id, abs(hashtext(i.id::text)::bigint) % 12 <> 0,
      case when abs(hashtext(i.id::text)::bigint) % 12 <> 0 then 120 else 0 end, r.ends_at + interval '1 day'
    from invitations i join requests r on r.id = i.request_id
    where r.organization_id = ${f.organizationId} and r.short_code like 'yr-%' and i.status = 'accepted' and r.ends_at < now() - interval '3 days'`);
  await db.execute(sql`drop table bench_vol`);
  await db.execute(sql`analyze`);
  return performance.now() - t0;
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm the caches and the plan
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** The year report (all its statements) next to the dashboard's queries, on the same data. */
export async function reportTimings(db: Db, f: Fixture, opts: { runs: number }): Promise<Row[]> {
  const now = new Date();
  const scope: ReportScope = { organizationId: f.organizationId, timeZone: f.timeZone, now, params: { period: presetPeriod("year", calendarDateIn(now, f.timeZone)), activityId: null, minAsked: 3 } };
  const actor: Actor = { userId: f.userId, email: "bench@example.org", organizationId: f.organizationId, role: "admin" };
  const counts = await db.execute(sql`select (select count(*) from requests where organization_id = ${f.organizationId})::int as r, (select count(*) from invitations)::int as i, (select count(*) from volunteers)::int as v`);
  const c = counts.rows[0] as { r: number; i: number; v: number };
  const data = `${c.r.toLocaleString("en-US")} requests, ${c.i.toLocaleString("en-US")} invitations, ${c.v.toLocaleString("en-US")} volunteers`;
  const dashboard = await timed(opts.runs, () => Promise.all([countVolunteersByStatus(db, f.organizationId), getOpenRequestSummaries(db, actor, now)]));
  const report = await timed(opts.runs, () => reportFigures(db, scope));
  const parts: [string, (d: Db, s: ReportScope) => Promise<unknown>][] = [
    ["requests", requestFigures],
    ["people", peopleFigures],
    ["hours by activity", hoursByActivity],
    ["hours by month", hoursByMonth],
    ["funnel", responseFunnel],
    ["response curve", responseCurve],
    ["messages", messageFigures],
    ["fairness", fairnessFigures],
    ["active volunteers (in people and fairness)", activeVolunteers],
    // what reportFigures runs instead of the two hours figures and the people figures' helpers
    ["hours by activity + month + helpers (one statement)", hoursAndHelpers],
  ];
  const each: { name: string; p50: number; p95: number }[] = [];
  for (const [name, fn] of parts) {
    const times = await timed(opts.runs, () => fn(db, scope));
    each.push({ name, p50: percentile(times, 50), p95: percentile(times, 95) });
  }
  const d50 = percentile(dashboard, 50);
  const r50 = percentile(report, 50);
  const ratio = (ms: number) => `${(ms / Math.max(d50, 0.01)).toFixed(1)}× the dashboard`;
  const slowest = [...each].sort((a, b) => b.p50 - a.p50);
  const sum = each.reduce((acc, e) => acc + e.p50, 0);
  return [
    { section: "reports", metric: "dashboard queries (volunteers by status + open requests)", value: d50, unit: "ms p50", note: `p95 ${percentile(dashboard, 95).toFixed(1)} ms, ${dashboard.length} runs; ${data}` },
    { section: "reports", metric: "year report: all figures (reportFigures, statements side by side)", value: r50, unit: "ms p50", note: `p95 ${percentile(report, 95).toFixed(1)} ms, ${report.length} runs; ${ratio(r50)}; sum of the figures alone ${sum.toFixed(0)} ms; slowest alone: ${slowest.slice(0, 3).map((e) => `${e.name} ${e.p50.toFixed(0)} ms`).join(", ")}` },
    ...each.map((e): Row => ({ section: "reports", metric: `year report: ${e.name} alone`, value: e.p50, unit: "ms p50", note: `p95 ${e.p95.toFixed(1)} ms, ${opts.runs} runs; ${ratio(e.p50)}` })),
  ];
}
