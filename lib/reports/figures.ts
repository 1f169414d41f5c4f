import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { EVERY_ACTIVITY } from "@/db/schema";
import { config } from "@/lib/config";
import { addDays, startOfDayIn } from "@/lib/time-zone";
import { monthsOf, periodBounds, type ReportParams } from "./period";
import { foldPeriodAsks } from "./period-asks";

/**
 * Every figure of the reports page, each from one set-based statement over the organisation's
 * rows (indexes: requests_org_starts_idx, invitations_accepted_idx, attendances_request_idx,
 * audit_events_org_created_idx). The funnel, the response curve, the first yes, fairness and the
 * messages read the summary tables request_summaries, volunteer_month_asks, volunteer_period_asks
 * and message_day_summaries, which PostgreSQL triggers keep equal to the raw rows (migrations
 * report_summaries, report_fairness, report_message_days; the raw queries live on as the test
 * oracle in tests/helpers/report-oracle.ts).
 *
 * The counting rule: a request belongs to the period in which it STARTS, with its invitations,
 * answers and hours. Messages and volunteer events (registrations, pauses, erasures) count by the
 * time they happened. See docs/reports.md for every definition.
 */

export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];
/** the messages table also counts calls and Telegram (issue 18), shown when the period has any */
export const MESSAGE_CHANNELS = ["email", "sms", "voice", "telegram", "whatsapp"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
/** the response curve's marks: answers within 5 minutes, 15 minutes, … one week */
export const CURVE_MINUTES = [5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080] as const;
/** how often volunteers were asked: buckets of the fairness distribution (lower bounds) */
export const ASKED_BUCKETS = [1, 2, 3, 6, 11] as const;

export type Quantiles = { median: number; p90: number } | null;
export type RequestFigures = {
  total: number;
  filled: number;
  filledInTime: number;
  cancelled: number;
  unfilled: number;
  /** not filled yet, start still ahead */
  open: number;
  /** filled ÷ (total − cancelled − open); null when nothing could be filled yet */
  fillRate: number | null;
  minutesToFirstYes: Quantiles;
  minutesToFilled: Quantiles;
};
export type PeopleFigures = {
  /** status active today (and registered before the period's end) */
  active: number;
  registrations: number;
  confirmations: number;
  pauses: number;
  erasures: number;
  /** different volunteers with confirmed attendance */
  helped: number;
  /** different volunteers who accepted (confirmed or still planned) */
  committed: number;
};
export type HoursRow = { confirmedMinutes: number; plannedMinutes: number; helpers: number };
export type HoursByActivity = HoursRow & { activityId: string; nameDe: string; nameEn: string };
export type HoursByMonth = HoursRow & { month: string };
export type FunnelRow = { channel: MessageChannel; asked: number; delivered: number; answered: number; yes: number };
export type CurvePoint = { minutes: number; answered: number };
export type ResponseCurve = { asked: number; answered: number; points: CurvePoint[] };
export type MessageRow = { channel: MessageChannel; sent: number; delivered: number; failed: number; bounced: number; segments: number; costCents: number };
export type AskedBucket = { from: number; to: number | null; volunteers: number };
export type NonResponder = { volunteerId: string; firstName: string; lastName: string; status: string; asked: number; lastAskedAt: Date };
export type FairnessFigures = { askedVolunteers: number; neverAsked: number; distribution: AskedBucket[]; nonResponders: NonResponder[]; nonRespondersTotal: number; minAsked: number };

export type ReportFigures = {
  requests: RequestFigures;
  people: PeopleFigures;
  hoursByActivity: HoursByActivity[];
  hoursByMonth: HoursByMonth[];
  funnel: FunnelRow[];
  curve: ResponseCurve;
  messages: MessageRow[];
  fairness: FairnessFigures;
};

export type ReportScope = { organizationId: string; timeZone: string; params: ReportParams; now: Date };

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
    timed as (
      select req.*, extract(epoch from (rs.first_yes_at - req.created_at)) / 60 as to_first_yes,
        case when req.status <> 'cancelled' and req.filled_at is not null then extract(epoch from (req.filled_at - req.created_at)) / 60 end as to_filled
      from req left join request_summaries rs on rs.request_id = req.id
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

/**
 * Volunteers active now, registered before the period's end (and doing the activity): the
 * people figures' "active" and fairness's eligible volunteers. reportFigures counts them once
 * for both: without an activity from volunteer_day_counts (one row per registration day), with
 * one as a count over the organisation's volunteers (like the dashboard's).
 */
export async function activeVolunteers(db: DbOrTx, scope: ReportScope): Promise<number> {
  if (!scope.params.activityId) {
    // volunteer_day_counts (kept by triggers, days of registration in the organisation's time
    // zone): registered by the period's last day ⇔ created_at before the period's end
    const [row] = await rowsOf<{ n: number }>(
      db,
      sql`select coalesce(sum(c.n), 0)::int as n from volunteer_day_counts c
          where c.organization_id = ${scope.organizationId} and c.status = 'active' and c.day <= ${scope.params.period.to}::date`,
    );
    return num(row?.n);
  }
  const { toAt } = periodBounds(scope.params.period, scope.timeZone);
  const doesActivity = scope.params.activityId
    ? sql`and exists (select 1 from volunteer_activities va where va.volunteer_id = v.id and va.activity_id = ${scope.params.activityId})`
    : sql``;
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from volunteers v where v.organization_id = ${scope.organizationId} and v.status = 'active' and v.created_at < ${toAt} ${doesActivity}`,
  );
  return num(row?.n);
}

export async function peopleFigures(
  db: DbOrTx,
  scope: ReportScope,
  activeCount?: Promise<number>,
  /** helped and committed when the caller has them already (reportFigures: from hoursAndHelpers) */
  known?: Promise<{ helped: number; committed: number }>,
): Promise<PeopleFigures> {
  const { fromAt, toAt } = periodBounds(scope.params.period, scope.timeZone);
  const org = scope.organizationId;
  const helpers = known
    ? sql`select 0 as helped, 0 as committed`
    : sql`
      with req as (${periodRequests(scope)}),
      helpers as (
        select i.volunteer_id, bool_or(a.attended) as attended
        from req join invitations i on i.request_id = req.id and i.status = 'accepted'
        left join attendances a on a.invitation_id = i.id
        where req.status <> 'cancelled' and i.volunteer_id is not null
        group by i.volunteer_id
      )
      select (select count(*) filter (where attended)::int from helpers) as helped, (select count(*)::int from helpers) as committed`;
  const [active, [row], counted] = await Promise.all([
    activeCount ?? activeVolunteers(db, scope),
    rowsOf<Record<string, unknown>>(
      db,
      sql`
    with events as (
      select
        count(*) filter (where action = 'volunteer.registered')::int as registrations,
        count(distinct object_id) filter (where action in ('volunteer.confirmed_email', 'volunteer.confirmed_sms'))::int as confirmations,
        count(*) filter (where action = 'volunteer.paused' or (action = 'volunteer.set_status' and details ->> 'to' = 'paused'))::int as pauses,
        count(*) filter (where action in ('volunteer.erased', 'volunteer.erased_inactive'))::int as erasures
      from audit_events
      where organization_id = ${org} and created_at >= ${fromAt} and created_at < ${toAt} and outcome = 'ok'
    )
    select h.*, events.* from (${helpers}) h cross join events`,
    ),
    known,
  ]);
  return {
    active,
    registrations: num(row.registrations),
    confirmations: num(row.confirmations),
    pauses: num(row.pauses),
    erasures: num(row.erasures),
    helped: counted ? counted.helped : num(row.helped),
    committed: counted ? counted.committed : num(row.committed),
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

/**
 * Hours by activity, hours by month and the people figures' helped / committed from ONE read of
 * the period's accepted invitations and their attendance (grouping sets): the same rows as
 * hoursByActivity, hoursByMonth and peopleFigures' helpers, which reportFigures would otherwise
 * read three times.
 */
export async function hoursAndHelpers(db: DbOrTx, scope: ReportScope): Promise<{ byActivity: HoursByActivity[]; byMonth: HoursByMonth[]; helped: number; committed: number }> {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope, sql`r.*, to_char(r.starts_at at time zone ${scope.timeZone}, 'YYYY-MM') as month`)}),
    h as (
      select grouping(req.activity_id) as g_activity, grouping(req.month) as g_month, req.activity_id, req.month,
        coalesce(sum(a.minutes) filter (where a.attended), 0)::int as confirmed_minutes,
        coalesce(sum(round(extract(epoch from (req.ends_at - req.starts_at)) / 60)) filter (where a.invitation_id is null), 0)::int as planned_minutes,
        count(distinct i.volunteer_id) filter (where a.attended)::int as helpers,
        count(distinct i.volunteer_id)::int as committed
      from req
      join invitations i on i.request_id = req.id and i.status = 'accepted'
      left join attendances a on a.invitation_id = i.id
      where req.status <> 'cancelled'
      group by grouping sets ((req.activity_id), (req.month), ())
    )
    select h.*, act.name_de, act.name_en
    from h left join activities act on act.id = h.activity_id and h.g_activity = 0
    order by h.confirmed_minutes desc, h.planned_minutes desc, act.position`,
  );
  const activityRows = rows.filter((r) => num(r.g_activity) === 0 && r.name_de != null);
  const monthRows = rows.filter((r) => num(r.g_activity) === 1 && num(r.g_month) === 0);
  const total = rows.find((r) => num(r.g_activity) === 1 && num(r.g_month) === 1);
  const byMonth = new Map(monthRows.map((r) => [String(r.month), r]));
  return {
    byActivity: activityRows.map((r) => ({
      activityId: String(r.activity_id),
      nameDe: String(r.name_de),
      nameEn: String(r.name_en),
      confirmedMinutes: num(r.confirmed_minutes),
      plannedMinutes: num(r.planned_minutes),
      helpers: num(r.helpers),
    })),
    byMonth: monthsOf(scope.params.period).map((m) => {
      const r = byMonth.get(m);
      return { month: m, confirmedMinutes: num(r?.confirmed_minutes), plannedMinutes: num(r?.planned_minutes), helpers: num(r?.helpers) };
    }),
    helped: num(total?.helpers),
    committed: num(total?.committed),
  };
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
  // request_summaries holds the four counts per channel of each request (kept by triggers)
  const [r] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${periodRequests(scope, sql`r.id`)})
    select
      sum(rs.email_asked) as email_asked, sum(rs.email_delivered) as email_delivered, sum(rs.email_answered) as email_answered, sum(rs.email_yes) as email_yes,
      sum(rs.sms_asked) as sms_asked, sum(rs.sms_delivered) as sms_delivered, sum(rs.sms_answered) as sms_answered, sum(rs.sms_yes) as sms_yes,
      sum(rs.voice_asked) as voice_asked, sum(rs.voice_delivered) as voice_delivered, sum(rs.voice_answered) as voice_answered, sum(rs.voice_yes) as voice_yes,
      sum(rs.telegram_asked) as telegram_asked, sum(rs.telegram_delivered) as telegram_delivered, sum(rs.telegram_answered) as telegram_answered, sum(rs.telegram_yes) as telegram_yes,
      sum(rs.whatsapp_asked) as whatsapp_asked, sum(rs.whatsapp_delivered) as whatsapp_delivered, sum(rs.whatsapp_answered) as whatsapp_answered, sum(rs.whatsapp_yes) as whatsapp_yes
    from req join request_summaries rs on rs.request_id = req.id`,
  );
  // e-mail and SMS always; calls, Telegram and WhatsApp (issue 18) when the period asked anyone on them
  return MESSAGE_CHANNELS.map((channel) => ({
    channel,
    asked: num(r?.[`${channel}_asked`]),
    delivered: num(r?.[`${channel}_delivered`]),
    answered: num(r?.[`${channel}_answered`]),
    yes: num(r?.[`${channel}_yes`]),
  })).filter((row) => row.asked > 0 || (CHANNELS as readonly string[]).includes(row.channel));
}

/**
 * Cumulative answers by minutes since each invitation was sent, for the period or one request:
 * request_summaries counts each request's answers per bucket of CURVE_MINUTES (kept by triggers;
 * bucket k holds answers with CURVE_MINUTES[k-1] <= minutes < CURVE_MINUTES[k]).
 */
export async function responseCurve(db: DbOrTx, scope: ReportScope | { organizationId: string; requestId: string }): Promise<ResponseCurve> {
  const req = "requestId" in scope ? sql`select r.id from requests r where r.id = ${scope.requestId} and r.organization_id = ${scope.organizationId}` : periodRequests(scope, sql`r.id`);
  const buckets = sql.raw(CURVE_MINUTES.map((_, k) => `sum(rs.curve_b${k}) as b${k}`).join(", "));
  const [r] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with req as (${req})
    select sum(rs.curve_asked) as asked, sum(rs.curve_answered) as answered, ${buckets}
    from req join request_summaries rs on rs.request_id = req.id`,
  );
  let running = 0;
  const points = CURVE_MINUTES.map((minutes, k) => {
    running += num(r?.[`b${k}`]);
    return { minutes, answered: running };
  });
  return { asked: num(r?.asked), answered: num(r?.answered), points };
}

/**
 * Messages of the organisation created in the period (with an activity: those of its requests),
 * from message_day_summaries (per organisation, day in its time zone, channel and request; kept by
 * triggers on messages, migration report_message_days): sent (`sent_at` set), delivered, failed,
 * bounced (failed with a bounce or suppression from Resend, or Twilio "undelivered") and the
 * segments of the sent ones. The raw query is the test oracle (tests/helpers/report-oracle.ts).
 */
export async function messageFigures(db: DbOrTx, scope: ReportScope): Promise<MessageRow[]> {
  const { from, to } = scope.params.period;
  const activity = scope.params.activityId
    ? sql`join requests r on r.id = d.request_id and r.organization_id = ${scope.organizationId} and r.activity_id = ${scope.params.activityId}`
    : sql``;
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    select d.channel::text as channel, sum(d.sent)::int as sent, sum(d.delivered)::int as delivered, sum(d.failed)::int as failed,
      sum(d.bounced)::int as bounced, sum(d.segments)::int as segments
    from message_day_summaries d ${activity}
    where d.organization_id = ${scope.organizationId} and d.day >= ${from}::date and d.day <= ${to}::date
    group by d.channel`,
  );
  const price = config().SMS_SEGMENT_PRICE_CENTS;
  return MESSAGE_CHANNELS.flatMap((channel) => {
    const r = rows.find((x) => x.channel === channel);
    // e-mail and SMS always (also with zeros); calls and Telegram only where they were used
    if (!r && !(CHANNELS as readonly string[]).includes(channel)) return [];
    const segments = channel === "sms" ? num(r?.segments) : 0;
    return [{ channel, sent: num(r?.sent), delivered: num(r?.delivered), failed: num(r?.failed), bounced: num(r?.bounced), segments, costCents: Math.round(segments * price * 100) / 100 }];
  });
}

/**
 * The per-volunteer asked counts of a period as rows (volunteer_id, n, answered, last_asked_at) to
 * be summed: whole months of the period from volunteer_month_asks (kept by triggers, months in the
 * organisation's time zone), the days before the first and after the last whole month (custom
 * periods) from the raw invitations of the requests starting then.
 */
function askedParts(scope: ReportScope): SQL {
  const { from, to } = scope.params.period;
  const firstOfNext = (day: string) => addDays(`${day.slice(0, 7)}-01`, 32).slice(0, 7) + "-01";
  const fullFrom = from.endsWith("-01") ? from : firstOfNext(from);
  const fullTo = firstOfNext(to) === addDays(to, 1) ? addDays(to, 1) : `${to.slice(0, 7)}-01`; // exclusive
  const activity = scope.params.activityId;
  const raw = (fromDay: string, toDayExclusive: string) => {
    const fromAt = startOfDayIn(fromDay, scope.timeZone);
    const toAt = startOfDayIn(toDayExclusive, scope.timeZone);
    return sql`
      select i.volunteer_id, 1 as n, (i.responded_at is not null)::int as answered, i.asked_at as last_asked_at
      from requests r join invitations i on i.request_id = r.id
      where r.organization_id = ${scope.organizationId} and r.starts_at >= ${fromAt} and r.starts_at < ${toAt}
        ${activity ? sql`and r.activity_id = ${activity}` : sql``}
        and i.asked_at is not null and i.volunteer_id is not null`;
  };
  if (fullFrom >= fullTo) return raw(from, addDays(to, 1));
  const parts: SQL[] = [
    sql`
      select v.volunteer_id, v.asked as n, v.answered, v.last_asked_at from volunteer_month_asks v
      where v.organization_id = ${scope.organizationId} and v.month >= ${fullFrom} and v.month < ${fullTo}
        ${activity ? sql`and v.activity_id = ${activity}` : sql``}`,
  ];
  if (from < fullFrom) parts.push(raw(from, fullFrom));
  if (fullTo < addDays(to, 1)) parts.push(raw(fullTo, addDays(to, 1)));
  return sql.join(parts, sql` union all `);
}

/** A whole calendar quarter or year (every preset but the months): volunteer_period_asks holds it. */
export function wholePeriod(period: ReportParams["period"]): { months: 3 | 12; start: string } | null {
  const { from, to } = period;
  const [y, m, d] = from.split("-").map(Number);
  if (d !== 1) return null;
  if (m === 1 && to === `${y}-12-31`) return { months: 12, start: from };
  const next = m + 3 > 12 ? `${y + 1}-${String(m - 9).padStart(2, "0")}-01` : `${y}-${String(m + 3).padStart(2, "0")}-01`;
  if ((m - 1) % 3 === 0 && to === addDays(next, -1)) return { months: 3, start: from };
  return null;
}

/**
 * Fairness: how often each volunteer was asked for the period's requests; active volunteers never
 * asked; and those asked at least `minAsked` times who never answered (a list to act on).
 */
export async function fairnessFigures(db: DbOrTx, scope: ReportScope, opts: { listLimit?: number; eligible?: Promise<number> } = {}): Promise<FairnessFigures> {
  const whole = wholePeriod(scope.params.period);
  if (whole) return wholePeriodFairness(db, scope, whole, opts);
  const { toAt } = periodBounds(scope.params.period, scope.timeZone);
  const org = scope.organizationId;
  const minAsked = scope.params.minAsked;
  const doesActivity = scope.params.activityId
    ? sql`and exists (select 1 from volunteer_activities va where va.volunteer_id = v.id and va.activity_id = ${scope.params.activityId})`
    : sql``;

  // The per-volunteer counts are read twice, not once per figure: one full join of them with the
  // eligible volunteers gives every count (asked, never asked, non-responders, the distribution)
  // in a single aggregate, and the list takes the top N. Reading the materialised counts once per
  // figure (five times) made this the slowest statement of the year report (docs/benchmarks.md).
  const [row] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with asked as (
      select x.volunteer_id, sum(x.n)::int as n, sum(x.answered)::int as answered, max(x.last_asked_at) as last_asked_at
      from (${askedParts(scope)}) x
      group by x.volunteer_id
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
        ${bucketCountsOf("a.n")}
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
  return fairnessOf(row, minAsked);
}

function bucketCountsOf(column: string): SQL {
  return sql.raw(
    ASKED_BUCKETS.map((b, k) => {
      const upper = ASKED_BUCKETS[k + 1];
      return `count(*) filter (where ${column} >= ${b}${upper ? ` and ${column} < ${upper}` : ""})::int as b${b}`;
    }).join(", "),
  );
}

/**
 * Fairness of a whole quarter or year from volunteer_period_asks: one row per asked volunteer (for
 * the activity, or for every activity), each knowing whether the volunteer is eligible now, so
 * "never asked" is the eligible volunteers' count minus the eligible asked ones — no join of the
 * asked with the eligible. Eligible also means registered before the period's end: asked
 * volunteers registered later (only for a past period) are taken off by an index range.
 */
async function wholePeriodFairness(db: DbOrTx, scope: ReportScope, whole: { months: 3 | 12; start: string }, opts: { listLimit?: number; eligible?: Promise<number> }): Promise<FairnessFigures> {
  const { toAt } = periodBounds(scope.params.period, scope.timeZone);
  const org = scope.organizationId;
  const minAsked = scope.params.minAsked;
  const activity = scope.params.activityId ?? EVERY_ACTIVITY;
  const key = sql`p.organization_id = ${org} and p.period_months = ${whole.months} and p.period_start = ${whole.start} and p.activity_id = ${activity}`;
  // the sends and answers since the scheduler's last fold (migration period_deltas)
  await foldPeriodAsks(db, org);
  const [eligible, [row]] = await Promise.all([
    opts.eligible ?? activeVolunteers(db, scope),
    rowsOf<Record<string, unknown>>(
      db,
      sql`
    with counts as (
      select
        count(*)::int as asked_volunteers,
        count(*) filter (where p.eligible)::int as asked_eligible,
        count(*) filter (where p.asked >= ${minAsked} and p.answered = 0)::int as non_responders,
        ${bucketCountsOf("p.asked")}
      from volunteer_period_asks p where ${key}
    ),
    listed as (
      select v.id, v.first_name, v.last_name, v.status::text as status, top.asked as n, top.last_asked_at
      from (
        select p.volunteer_id, p.asked, p.last_asked_at from volunteer_period_asks p
        where ${key} and p.answered = 0 and p.asked >= ${minAsked}
        order by p.asked desc, p.last_asked_at desc, p.volunteer_id limit ${opts.listLimit ?? 500}
      ) top
      join volunteers v on v.id = top.volunteer_id
    )
    select counts.*,
      -- asked and flagged eligible, but registered after the period's end (a past period only)
      (select count(*)::int from volunteers v join volunteer_period_asks p on ${key} and p.volunteer_id = v.id and p.eligible
       where v.status = 'active' and v.created_at >= ${toAt} and v.organization_id = ${org}) as asked_later,
      (select coalesce(json_agg(listed order by listed.n desc, listed.last_asked_at desc, listed.id), '[]'::json) from listed) as list
    from counts`,
    ),
  ]);
  return fairnessOf({ ...row, never_asked: eligible - (num(row.asked_eligible) - num(row.asked_later)) }, minAsked);
}

function fairnessOf(row: Record<string, unknown>, minAsked: number): FairnessFigures {
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
  const active = activeVolunteers(db, scope); // both the people figures and fairness need it
  const hours = hoursAndHelpers(db, scope); // hours by activity and month, helped and committed
  const [requests, people, { byActivity, byMonth }, funnel, curve, messages, fairness] = await Promise.all([
    requestFigures(db, scope),
    peopleFigures(db, scope, active, hours),
    hours,
    responseFunnel(db, scope),
    responseCurve(db, scope),
    messageFigures(db, scope),
    fairnessFigures(db, scope, { eligible: active }),
  ]);
  return { requests, people, hoursByActivity: byActivity, hoursByMonth: byMonth, funnel, curve, messages, fairness };
}
