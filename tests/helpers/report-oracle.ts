/**
 * TEST ORACLE: the report figures as they were computed from the raw rows before the summary
 * tables (request_summaries, volunteer_month_asks; issue 14). Kept unchanged so the tests can
 * check that the trigger-maintained summaries give exactly the same figures after every kind of
 * write (tests/integration/report-summaries.test.ts). Not used by the app.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { config } from "@/lib/config";
import { monthsOf, periodBounds } from "@/lib/reports/period";
import { foldPeriodAsks } from "@/lib/reports/period-asks";
import { ASKED_BUCKETS, CHANNELS, CURVE_MINUTES, MESSAGE_CHANNELS, type AskedBucket, type FairnessFigures, type FunnelRow, type HoursByActivity, type HoursByMonth, type MessageRow, type PeopleFigures, type Quantiles, type ReportFigures, type ReportScope, type RequestFigures, type ResponseCurve } from "@/lib/reports/figures";

/**
 * Every figure of the reports page, each from one set-based statement over the organisation's
 * rows (indexes: requests_org_starts_idx, invitations_request_status_idx, attendances_request_idx,
 * messages_org_created_idx, audit_events_org_created_idx).
 *
 * The counting rule: a request belongs to the period in which it STARTS, with its invitations,
 * answers and hours. Messages and volunteer events (registrations, pauses, erasures) count by the
 * time they happened. See docs/reports.md for every definition.
 */

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(db: DbOrTx, q: SQL): Promise<T[]> => ((await db.execute(q)) as unknown as Rows<T>).rows;
const num = (v: unknown) => (v == null ? 0 : Number(v));
const tenth = (v: unknown) => Math.round(Number(v) * 10) / 10;
const quantiles = (median: unknown, p90: unknown): Quantiles => (median == null ? null : { median: tenth(median), p90: tenth(p90) });

/** The requests of the period (and activity) as a CTE body. */
function periodRequests(scope: ReportScope, columns: SQL = sql`r.*`): SQL {
  const { fromAt, toAt } = periodBounds(scope.params.period, scope.timeZone);
  const activity = scope.params.activityId ? sql`and r.activity_id = ${scope.params.activityId}` : sql``;
  return sql`select ${columns} from requests r where r.organization_id = ${scope.organizationId} and r.starts_at >= ${fromAt} and r.starts_at < ${toAt} ${activity}`;
}

export async function requestFigures(db: DbOrTx, scope: ReportScope): Promise<RequestFigures> {
  const [row] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope)}),
    first_yes as (
      select i.request_id, min(i.responded_at) as at from invitations i join req on req.id = i.request_id
      where i.status = 'accepted' and i.responded_at is not null group by i.request_id
    ),
    timed as (
      select req.*, extract(epoch from (fy.at - req.created_at)) / 60 as to_first_yes,
        case when req.status <> 'cancelled' and req.filled_at is not null then extract(epoch from (req.filled_at - req.created_at)) / 60 end as to_filled
      from req left join first_yes fy on fy.request_id = req.id
    )
    select
      count(*)::int as total,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      count(*) filter (where status <> 'cancelled' and filled_at is not null)::int as filled,
      count(*) filter (where status <> 'cancelled' and filled_at is not null and filled_at <= starts_at)::int as filled_in_time,
      count(*) filter (where status <> 'cancelled' and filled_at is null and starts_at <= ${scope.now})::int as unfilled,
      count(*) filter (where status <> 'cancelled' and filled_at is null and starts_at > ${scope.now})::int as open,
      percentile_cont(0.5) within group (order by to_first_yes) as first_yes_median,
      percentile_cont(0.9) within group (order by to_first_yes) as first_yes_p90,
      percentile_cont(0.5) within group (order by to_filled) as filled_median,
      percentile_cont(0.9) within group (order by to_filled) as filled_p90
    from timed`,
  );
  const total = num(row.total);
  const cancelled = num(row.cancelled);
  const open = num(row.open);
  const decided = total - cancelled - open;
  const filled = num(row.filled);
  return {
    total,
    filled,
    filledInTime: num(row.filled_in_time),
    cancelled,
    unfilled: num(row.unfilled),
    open,
    fillRate: decided > 0 ? filled / decided : null,
    minutesToFirstYes: quantiles(row.first_yes_median, row.first_yes_p90),
    minutesToFilled: quantiles(row.filled_median, row.filled_p90),
  };
}

export async function peopleFigures(db: DbOrTx, scope: ReportScope): Promise<PeopleFigures> {
  const { fromAt, toAt } = periodBounds(scope.params.period, scope.timeZone);
  const org = scope.organizationId;
  const doesActivity = scope.params.activityId
    ? sql`and exists (select 1 from volunteer_activities va where va.volunteer_id = v.id and va.activity_id = ${scope.params.activityId})`
    : sql``;
  const [row] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope)}),
    helpers as (
      select i.volunteer_id, bool_or(a.attended) as attended
      from req join invitations i on i.request_id = req.id and i.status = 'accepted'
      left join attendances a on a.invitation_id = i.id
      where req.status <> 'cancelled' and i.volunteer_id is not null
      group by i.volunteer_id
    ),
    events as (
      select
        count(*) filter (where action = 'volunteer.registered')::int as registrations,
        count(distinct object_id) filter (where action in ('volunteer.confirmed_email', 'volunteer.confirmed_sms'))::int as confirmations,
        count(*) filter (where action = 'volunteer.paused' or (action = 'volunteer.set_status' and details ->> 'to' = 'paused'))::int as pauses,
        count(*) filter (where action in ('volunteer.erased', 'volunteer.erased_inactive'))::int as erasures
      from audit_events
      where organization_id = ${org} and created_at >= ${fromAt} and created_at < ${toAt} and outcome = 'ok'
    )
    select
      (select count(*)::int from volunteers v where v.organization_id = ${org} and v.status = 'active' and v.created_at < ${toAt} ${doesActivity}) as active,
      (select count(*) filter (where attended)::int from helpers) as helped,
      (select count(*)::int from helpers) as committed,
      events.*
    from events`,
  );
  return {
    active: num(row.active),
    registrations: num(row.registrations),
    confirmations: num(row.confirmations),
    pauses: num(row.pauses),
    erasures: num(row.erasures),
    helped: num(row.helped),
    committed: num(row.committed),
  };
}

/**
 * Hours: confirmed = minutes of attended helpers; planned = the request's duration for each
 * accepted helper whose attendance is not confirmed yet. Cancelled requests count no hours.
 */
function hoursSelect(scope: ReportScope, groupColumn: SQL): SQL {
  return sql`
    with req as (${periodRequests(scope)})
    select ${groupColumn},
      coalesce(sum(a.minutes) filter (where a.attended), 0)::int as confirmed_minutes,
      coalesce(sum(round(extract(epoch from (req.ends_at - req.starts_at)) / 60)) filter (where a.invitation_id is null), 0)::int as planned_minutes,
      count(distinct i.volunteer_id) filter (where a.attended)::int as helpers
    from req
    join invitations i on i.request_id = req.id and i.status = 'accepted'
    left join attendances a on a.invitation_id = i.id
    where req.status <> 'cancelled'
    group by 1`;
}

export async function hoursByActivity(db: DbOrTx, scope: ReportScope): Promise<HoursByActivity[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with h as (${hoursSelect(scope, sql`req.activity_id`)})
    select act.id as activity_id, act.name_de, act.name_en, h.confirmed_minutes, h.planned_minutes, h.helpers
    from h join activities act on act.id = h.activity_id
    order by h.confirmed_minutes desc, h.planned_minutes desc, act.position`,
  );
  return rows.map((r) => ({
    activityId: String(r.activity_id),
    nameDe: String(r.name_de),
    nameEn: String(r.name_en),
    confirmedMinutes: num(r.confirmed_minutes),
    plannedMinutes: num(r.planned_minutes),
    helpers: num(r.helpers),
  }));
}

export async function hoursByMonth(db: DbOrTx, scope: ReportScope): Promise<HoursByMonth[]> {
  const rows = await rowsOf<Record<string, unknown>>(db, hoursSelect(scope, sql`to_char(req.starts_at at time zone ${scope.timeZone}, 'YYYY-MM') as month`));
  const byMonth = new Map(rows.map((r) => [String(r.month), r]));
  // every month of the period, also the empty ones: a gap in the bars is a figure too
  return monthsOf(scope.params.period).map((m) => {
    const r = byMonth.get(m);
    return { month: m, confirmedMinutes: num(r?.confirmed_minutes), plannedMinutes: num(r?.planned_minutes), helpers: num(r?.helpers) };
  });
}

/**
 * For each channel: invitations asked on it (an invitation message handed to the provider) →
 * delivered (the provider confirmed delivery) → answered (any answer, through any way) → yes
 * (accepted, also those who later withdrew or came too late). A volunteer asked on both channels
 * counts in both. One join and one aggregate: an invitation has one `invitation` message per
 * channel (asking writes it once; retries re-send the same row, reminders are another kind).
 */
export async function responseFunnel(db: DbOrTx, scope: ReportScope): Promise<FunnelRow[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope, sql`r.id`)})
    select m.channel::text as channel,
      count(*)::int as asked,
      count(*) filter (where m.status = 'delivered')::int as delivered,
      count(*) filter (where i.responded_at is not null)::int as answered,
      count(*) filter (where i.status in ('accepted', 'withdrawn') or (i.status = 'not_needed' and i.responded_at is not null))::int as yes
    from req
    join messages m on m.request_id = req.id
    join invitations i on i.id = m.invitation_id
    where m.kind = 'invitation' and m.sent_at is not null
    group by m.channel`,
  );
  // e-mail and SMS always; calls and Telegram when anyone was asked on them
  return MESSAGE_CHANNELS.flatMap((channel) => {
    const r = rows.find((x) => x.channel === channel);
    if (!num(r?.asked) && !(CHANNELS as readonly string[]).includes(channel)) return [];
    return [{ channel, asked: num(r?.asked), delivered: num(r?.delivered), answered: num(r?.answered), yes: num(r?.yes) }];
  });
}

/** Cumulative answers by minutes since each invitation was sent, for the period or one request. */
export async function responseCurve(db: DbOrTx, scope: ReportScope | { organizationId: string; requestId: string }): Promise<ResponseCurve> {
  const req = "requestId" in scope ? sql`select r.* from requests r where r.id = ${scope.requestId} and r.organization_id = ${scope.organizationId}` : periodRequests(scope, sql`r.id`);
  const edges = sql.raw(`array[${CURVE_MINUTES.join(",")}]::float8[]`);
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${req})
    select
      case when i.responded_at is null then -1 else width_bucket(greatest(extract(epoch from (i.responded_at - i.asked_at))::float8 / 60, 0), ${edges}) end as bucket,
      count(*)::int as n
    from req join invitations i on i.request_id = req.id
    where i.asked_at is not null
    group by 1`,
  );
  // bucket k (0 … edges) holds answers with edges[k-1] <= minutes < edges[k]; -1 never answered
  let asked = 0;
  const perBucket = new Map<number, number>();
  for (const r of rows) {
    asked += num(r.n);
    perBucket.set(num(r.bucket), num(r.n));
  }
  let running = 0;
  const points = CURVE_MINUTES.map((minutes, k) => {
    running += perBucket.get(k) ?? 0;
    return { minutes, answered: running };
  });
  const answered = asked - (perBucket.get(-1) ?? 0);
  return { asked, answered, points };
}

const BOUNCED = sql`(m.last_error ~ '^(bounced|suppressed)' or m.last_error like 'twilio undelivered%')`;

/** Messages of the organisation created in the period (with an activity: those of its requests). */
export async function messageFigures(db: DbOrTx, scope: ReportScope): Promise<MessageRow[]> {
  const { fromAt, toAt } = periodBounds(scope.params.period, scope.timeZone);
  const activity = scope.params.activityId
    ? sql`and m.request_id in (select r.id from requests r where r.organization_id = ${scope.organizationId} and r.activity_id = ${scope.params.activityId})`
    : sql``;
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    select m.channel::text as channel,
      count(*) filter (where m.sent_at is not null)::int as sent,
      count(*) filter (where m.status = 'delivered')::int as delivered,
      count(*) filter (where m.status = 'failed' and not ${BOUNCED})::int as failed,
      count(*) filter (where m.status = 'failed' and ${BOUNCED})::int as bounced,
      coalesce(sum(m.segments) filter (where m.sent_at is not null), 0)::int as segments
    from messages m
    where m.organization_id = ${scope.organizationId} and m.created_at >= ${fromAt} and m.created_at < ${toAt} ${activity}
    group by m.channel`,
  );
  const price = config().SMS_SEGMENT_PRICE_CENTS;
  // e-mail and SMS always; calls and Telegram (issue 18) when the period has any
  return (["email", "sms", "voice", "telegram", "whatsapp"] as const).flatMap((channel) => {
    const r = rows.find((x) => x.channel === channel);
    if (!r && channel !== "email" && channel !== "sms") return [];
    const segments = channel === "sms" ? num(r?.segments) : 0;
    return [{ channel, sent: num(r?.sent), delivered: num(r?.delivered), failed: num(r?.failed), bounced: num(r?.bounced), segments, costCents: Math.round(segments * price * 100) / 100 }];
  });
}

/**
 * Fairness: how often each volunteer was asked for the period's requests; active volunteers never
 * asked; and those asked at least `minAsked` times who never answered (a list to act on).
 */
export async function fairnessFigures(db: DbOrTx, scope: ReportScope, opts: { listLimit?: number } = {}): Promise<FairnessFigures> {
  const { toAt } = periodBounds(scope.params.period, scope.timeZone);
  const org = scope.organizationId;
  const minAsked = scope.params.minAsked;
  const doesActivity = scope.params.activityId
    ? sql`and exists (select 1 from volunteer_activities va where va.volunteer_id = v.id and va.activity_id = ${scope.params.activityId})`
    : sql``;
  const bucketCounts = sql.raw(
    ASKED_BUCKETS.map((b, k) => {
      const upper = ASKED_BUCKETS[k + 1];
      return `count(*) filter (where a.n >= ${b}${upper ? ` and a.n < ${upper}` : ""})::int as b${b}`;
    }).join(", "),
  );
  // The per-volunteer counts are read twice, not once per figure: one full join of them with the
  // eligible volunteers gives every count (asked, never asked, non-responders, the distribution)
  // in a single aggregate, and the list takes the top N. Reading the materialised counts once per
  // figure (five times) made this the slowest statement of the year report (docs/benchmarks.md).
  const [row] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope, sql`r.id`)}),
    asked as (
      select i.volunteer_id, count(*)::int as n, count(i.responded_at)::int as answered, max(i.asked_at) as last_asked_at
      from req join invitations i on i.request_id = req.id
      where i.asked_at is not null and i.volunteer_id is not null
      group by i.volunteer_id
    ),
    eligible as (
      select v.id from volunteers v
      where v.organization_id = ${org} and v.status = 'active' and v.created_at < ${toAt} ${doesActivity}
    ),
    counts as (
      select
        count(a.volunteer_id)::int as asked_volunteers,
        count(*) filter (where a.volunteer_id is null)::int as never_asked,
        count(*) filter (where a.n >= ${minAsked} and a.answered = 0)::int as non_responders,
        ${bucketCounts}
      from asked a full join eligible e on e.id = a.volunteer_id
    ),
    -- the first N of the list before the names are looked up (one index probe per listed person)
    listed as (
      select v.id, v.first_name, v.last_name, v.status::text as status, top.n, top.last_asked_at
      from (
        select * from asked where n >= ${minAsked} and answered = 0
        order by n desc, last_asked_at desc, volunteer_id limit ${opts.listLimit ?? 500}
      ) top
      join volunteers v on v.id = top.volunteer_id
    )
    select counts.*,
      (select coalesce(json_agg(listed order by listed.n desc, listed.last_asked_at desc, listed.id), '[]'::json) from listed) as list
    from counts`,
  );
  const parseJson = <T,>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
  const list = parseJson<Record<string, unknown>[]>(row.list);
  const distribution: AskedBucket[] = ASKED_BUCKETS.map((from, k) => ({
    from,
    to: k + 1 < ASKED_BUCKETS.length ? ASKED_BUCKETS[k + 1] - 1 : null,
    volunteers: num(row[`b${from}`]),
  }));
  return {
    askedVolunteers: num(row.asked_volunteers),
    neverAsked: num(row.never_asked),
    distribution,
    nonResponders: list.map((r) => ({
      volunteerId: String(r.id),
      firstName: String(r.first_name),
      lastName: String(r.last_name),
      status: String(r.status),
      asked: num(r.n),
      lastAskedAt: new Date(r.last_asked_at as string | Date),
    })),
    nonRespondersTotal: num(row.non_responders),
    minAsked,
  };
}

/** All figures of one report. On PostgreSQL the statements run side by side on the pool. */
export async function reportFigures(db: DbOrTx, scope: ReportScope): Promise<ReportFigures> {
  const [requests, people, byActivity, byMonth, funnel, curve, messages, fairness] = await Promise.all([
    requestFigures(db, scope),
    peopleFigures(db, scope),
    hoursByActivity(db, scope),
    hoursByMonth(db, scope),
    responseFunnel(db, scope),
    responseCurve(db, scope),
    messageFigures(db, scope),
    fairnessFigures(db, scope),
  ]);
  return { requests, people, hoursByActivity: byActivity, hoursByMonth: byMonth, funnel, curve, messages, fairness };
}

/** The summary tables as the triggers should have them, computed from the raw rows. */
export async function rawSummaryRows(db: DbOrTx) {
  const requestRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with curve as (
      select i.request_id, min(i.responded_at) filter (where i.status = 'accepted') as first_yes_at,
        count(*) filter (where i.asked_at is not null)::int as curve_asked,
        count(*) filter (where hr_curve_bucket(i.asked_at, i.responded_at) >= 0)::int as curve_answered,
        ${sql.raw(CURVE_MINUTES.map((_, k) => `count(*) filter (where hr_curve_bucket(i.asked_at, i.responded_at) = ${k})::int as curve_b${k}`).join(", "))}
      from invitations i group by i.request_id
    ),
    funnel as (
      select m.request_id,
        ${sql.raw(
          MESSAGE_CHANNELS.map(
            (c) => `count(*) filter (where m.channel = '${c}')::int as ${c}_asked, count(*) filter (where m.channel = '${c}' and m.status = 'delivered')::int as ${c}_delivered,
            count(*) filter (where m.channel = '${c}' and i.responded_at is not null)::int as ${c}_answered,
            count(*) filter (where m.channel = '${c}' and (i.status in ('accepted', 'withdrawn') or (i.status = 'not_needed' and i.responded_at is not null)))::int as ${c}_yes`,
          ).join(", "),
        )}
      from messages m join invitations i on i.id = m.invitation_id
      where m.kind = 'invitation' and m.sent_at is not null and m.request_id is not null group by m.request_id
    )
    select coalesce(c.request_id, f.request_id) as request_id, c.first_yes_at,
      ${sql.raw(["curve_asked", "curve_answered", ...CURVE_MINUTES.map((_, k) => `curve_b${k}`)].map((x) => `coalesce(c.${x}, 0) as ${x}`).join(", "))},
      ${sql.raw(MESSAGE_CHANNELS.flatMap((c) => ["asked", "delivered", "answered", "yes"].map((x) => `coalesce(f.${c}_${x}, 0) as ${c}_${x}`)).join(", "))}
    from curve c full join funnel f on f.request_id = c.request_id
    order by 1`,
  );
  const monthRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    select r.organization_id, hr_local_month(r.starts_at, o.time_zone)::text as month, i.volunteer_id, r.activity_id,
      count(*)::int as asked, count(i.responded_at)::int as answered, max(i.asked_at) as last_asked_at
    from invitations i join requests r on r.id = i.request_id join organizations o on o.id = r.organization_id
    where i.asked_at is not null and i.volunteer_id is not null
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  );
  // quarters and years, per activity and for every activity, from the raw rows (not from the
  // month rows), with eligibility from the volunteer's status and activities now
  await foldPeriodAsks(db);
  const periodRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with asked as (
      select r.organization_id, hr_local_month(r.starts_at, o.time_zone) as month, i.volunteer_id, r.activity_id, i.responded_at, i.asked_at
      from invitations i join requests r on r.id = i.request_id join organizations o on o.id = r.organization_id
      where i.asked_at is not null and i.volunteer_id is not null
    ),
    keyed as (
      select a.organization_id, g.months, date_trunc(case g.months when 3 then 'quarter' else 'year' end, a.month::timestamp)::date as period_start,
        k.activity_id, a.volunteer_id, a.responded_at, a.asked_at
      from asked a cross join (values (3), (12)) g(months)
      cross join lateral (values (a.activity_id), ('00000000-0000-0000-0000-000000000000'::uuid)) k(activity_id)
    )
    select x.organization_id, x.months as period_months, x.period_start::text as period_start, x.activity_id, x.volunteer_id,
      count(*)::int as asked, count(x.responded_at)::int as answered, max(x.asked_at) as last_asked_at,
      coalesce(v.status = 'active', false) and (x.activity_id = '00000000-0000-0000-0000-000000000000'
        or exists (select 1 from volunteer_activities va where va.volunteer_id = x.volunteer_id and va.activity_id = x.activity_id)) as eligible
    from keyed x left join volunteers v on v.id = x.volunteer_id
    group by x.organization_id, x.months, x.period_start, x.activity_id, x.volunteer_id, v.status
    order by 1, 2, 3, 4, 5`,
  );
  // messages per organisation, day of creation (its time zone), channel and request
  const messageDayRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    select * from (
    select m.organization_id, (m.created_at at time zone o.time_zone)::date::text as day, m.channel::text as channel,
      coalesce(m.request_id, '00000000-0000-0000-0000-000000000000') as request_id,
      count(*) filter (where m.sent_at is not null)::int as sent,
      count(*) filter (where m.status = 'delivered')::int as delivered,
      count(*) filter (where m.status = 'failed' and not ${BOUNCED})::int as failed,
      count(*) filter (where m.status = 'failed' and ${BOUNCED})::int as bounced,
      coalesce(sum(m.segments) filter (where m.sent_at is not null), 0)::int as segments
    from messages m join organizations o on o.id = m.organization_id
    group by 1, 2, 3, 4
    ) x where sent <> 0 or delivered <> 0 or failed <> 0 or bounced <> 0 or segments <> 0
    order by 1, 2, 3, 4`,
  );
  const volunteerDayRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select v.organization_id, v.status::text as status, (v.created_at at time zone o.time_zone)::date::text as day, count(*)::int as n
        from volunteers v join organizations o on o.id = v.organization_id group by 1, 2, 3 order by 1, 2, 3`,
  );
  return { requestRows, monthRows, periodRows, messageDayRows, volunteerDayRows };
}

/** The summary tables as they are (rows without any count left out, like the raw aggregate). */
export async function storedSummaryRows(db: DbOrTx) {
  const counted = [`curve_asked`, ...MESSAGE_CHANNELS.map((c) => `${c}_asked`)].map((c) => `${c} <> 0`).join(" or ");
  const requestRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select request_id, first_yes_at, ${sql.raw(["curve_asked", "curve_answered", ...CURVE_MINUTES.map((_, k) => `curve_b${k}`), ...MESSAGE_CHANNELS.flatMap((c) => ["asked", "delivered", "answered", "yes"].map((x) => `${c}_${x}`))].join(", "))}
        from request_summaries where ${sql.raw(counted)} or first_yes_at is not null order by 1`,
  );
  const monthRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select organization_id, month::text as month, volunteer_id, activity_id, asked, answered, last_asked_at from volunteer_month_asks order by 1, 2, 3, 4`,
  );
  const periodRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select organization_id, period_months, period_start::text as period_start, activity_id, volunteer_id, asked, answered, last_asked_at, eligible
        from volunteer_period_asks order by 1, 2, 3, 4, 5`,
  );
  const messageDayRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select organization_id, day::text as day, channel::text as channel, request_id, sent, delivered, failed, bounced, segments
        from message_day_summaries where sent <> 0 or delivered <> 0 or failed <> 0 or bounced <> 0 or segments <> 0 order by 1, 2, 3, 4`,
  );
  const volunteerDayRows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select organization_id, status::text as status, day::text as day, n from volunteer_day_counts where n <> 0 order by 1, 2, 3`,
  );
  return { requestRows, monthRows, periodRows, messageDayRows, volunteerDayRows };
}
