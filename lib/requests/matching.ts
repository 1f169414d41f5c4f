import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { validQualificationSql } from "@/lib/qualifications";
import { calendarDateIn, zonedParts } from "@/lib/time-zone";
import { availabilityBit } from "@/lib/volunteers/availability-mask";
import { choiceIncludes, instantChannelOf, instantSlotSql, voiceOnlySql, type Channel, type ChannelChoice } from "@/lib/volunteers/channels";
import type { PartOfDay } from "@/lib/volunteers/schema";

/**
 * Who may be asked for a request, decided in ONE SQL statement (no per-volunteer loops):
 * - status active, or paused with paused-until at or before the start;
 * - reachable on at least one channel that the request allows AND the volunteer prefers, with
 *   that channel usable (lib/volunteers/channels.ts: confirmed, not bounced / unsubscribed / opted out);
 * - does the activity; speaks the required languages (none / any of / all of);
 * - available on the start's weekday and part of day in the organisation's zone, or flexible;
 * - has a driving licence / own car when required;
 * - holds the required qualification, valid (not expired) on the start's local day (issue 16);
 * - not yet invited to this request; below their own weekly limit if they set one.
 * Order: asked least recently first (never asked first), random tie-break.
 * Reachability and availability are columns of volunteers (reach_email / reach_sms generated,
 * availability_mask kept by a trigger on volunteer_availability) and activity_ids (GIN index
 * volunteers_activity_ids_idx, kept by a trigger on volunteer_activities), so only languages and
 * invitations are looked up per row (primary key of volunteer_languages, invitations_request_volunteer_uq).
 */
export type MatchCriteria = {
  activityId: string;
  startsAt: Date;
  languageMode: "none" | "any" | "all";
  languages: string[];
  channels: ChannelChoice;
  requireDrivingLicence: boolean;
  requireCar: boolean;
  /** a qualification type of the organisation the volunteer must hold, valid at the start (null/absent: none) */
  requiredQualificationId?: string | null;
  /** the organisation's time zone: the weekday and part of day are local */
  timeZone: string;
  /** leave out volunteers already invited to this request */
  requestId?: string | null;
};

export type MatchedVolunteer = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** the number to call (issue 18), when "voice" is among the channels */
  voicePhone: string | null;
  /** the bound Telegram chat (issue 18), when "telegram" is among the channels */
  telegramChatId: string | null;
  /** the connected WhatsApp number (issue 18), when "whatsapp" is among the channels */
  whatsappPhone: string | null;
  locale: Locale;
  /** the channels to use for this volunteer: allowed by the request, preferred and usable */
  channels: Channel[];
};

/**
 * Reached on the channel as requests reach volunteers (reachesByPreferenceSql), read from the
 * stored generated columns reach_email / reach_sms (the same expression, computed on write).
 */
function channelConditions(c: MatchCriteria) {
  const v = s.volunteers;
  const emailOk = choiceIncludes(c.channels, "email") ? sql`${v.reachEmail}` : sql`false`;
  // Telegram before SMS for those who connected it (lib/volunteers/channels.ts instantSlotSql)
  const instant = instantSlotSql(sql`${v.reachSms}`, sql`${v.reachTelegram}`, sql`${v.reachWhatsapp}`);
  const smsAllowed = choiceIncludes(c.channels, "sms");
  const smsOk = smsAllowed ? instant.smsOk : sql`false`;
  const telegramOk = smsAllowed ? instant.telegramOk : sql`false`;
  const whatsappOk = smsAllowed ? instant.whatsappOk : sql`false`;
  // whether the phone slot reaches them at all does not depend on the order: any of the three (cheap, for WHERE)
  const phoneAny = smsAllowed ? sql`(${v.reachSms} or ${v.reachTelegram} or ${v.reachWhatsapp})` : sql`false`;
  // a call only for those reached by no text channel (lib/volunteers/channels.ts voiceOnlySql)
  return { emailOk, smsOk, telegramOk, whatsappOk, phoneAny, voiceOk: voiceOnlySql(c.channels, sql`${v.reachEmail}`, sql`${v.reachSms}`) };
}

/** morning < 12:00 ≤ afternoon < 17:00 ≤ evening */
export function partOfDayAt(hour: number): PartOfDay {
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

/** The weekday and part of day a request starts at, in the organisation's zone (what matching uses). */
export function slotOf(startsAt: Date, timeZone: string): { weekday: number; partOfDay: PartOfDay } {
  const p = zonedParts(startsAt, timeZone);
  return { weekday: p.weekday, partOfDay: partOfDayAt(p.hour) };
}

function matchWhere(organizationId: string, c: MatchCriteria, now: Date): SQL {
  const v = s.volunteers;
  const { weekday, partOfDay } = slotOf(c.startsAt, c.timeZone);
  const { emailOk, phoneAny, voiceOk } = channelConditions(c);
  const parts: SQL[] = [
    sql`${v.organizationId} = ${organizationId}`,
    sql`(${v.status} = 'active' or (${v.status} = 'paused' and ${v.pausedUntil} is not null and ${v.pausedUntil} <= ${c.startsAt}))`,
    // reachable at all; which phone channel (the volunteer's order) is read for the returned rows only
    sql`(${emailOk} or ${phoneAny} or ${voiceOk})`,
    // volunteer_activities as the array the trigger keeps on volunteers, GIN-indexed: one bitmap scan
    sql`${v.activityIds} @> array[${c.activityId}]::uuid[]`,
    // volunteer_availability as the bitmask the trigger keeps on volunteers (no lookup per row)
    sql`(${v.availableFlexible} or (${v.availabilityMask} & ${sql.raw(String(availabilityBit(weekday, partOfDay)))}) <> 0)`,
    // the weekly limit counts asks: a shift plan asks once for all its slots (one invitation per slot)
    sql`(${v.maxRequestsPerWeek} is null or (select count(distinct coalesce(rw.shift_plan_id, iw.request_id)) from ${s.invitations} iw join ${s.requests} rw on rw.id = iw.request_id
      where iw.volunteer_id = ${v.id} and iw.created_at > ${new Date(now.getTime() - 7 * 86_400_000)}) < ${v.maxRequestsPerWeek})`,
  ];
  const langs = Array.from(new Set(c.languages));
  if (c.languageMode !== "none" && langs.length > 0) {
    const list = sql.join(
      langs.map((l) => sql`${l}`),
      sql`, `,
    );
    parts.push(
      c.languageMode === "any"
        ? sql`exists (select 1 from ${s.volunteerLanguages} vl where vl.volunteer_id = ${v.id} and vl.language in (${list}))`
        : sql`(select count(*) from ${s.volunteerLanguages} vl where vl.volunteer_id = ${v.id} and vl.language in (${list})) = ${langs.length}`,
    );
  }
  if (c.requireDrivingLicence) parts.push(sql`${v.hasDrivingLicence}`);
  if (c.requireCar) parts.push(sql`${v.hasCar}`);
  // one index probe per candidate row (volunteer_qualifications_match_idx)
  if (c.requiredQualificationId) parts.push(validQualificationSql(v.id, c.requiredQualificationId, calendarDateIn(c.startsAt, c.timeZone)));
  if (c.requestId) {
    parts.push(sql`not exists (select 1 from ${s.invitations} iq where iq.request_id = ${c.requestId} and iq.volunteer_id = ${v.id})`);
  }
  return sql.join(parts, sql` and `);
}

export async function matchVolunteers(
  db: DbOrTx,
  organizationId: string,
  criteria: MatchCriteria,
  opts: { limit?: number; now?: Date } = {},
): Promise<MatchedVolunteer[]> {
  const v = s.volunteers;
  const { emailOk, voiceOk } = channelConditions(criteria);
  const smsAllowed = choiceIncludes(criteria.channels, "sms");
  const limit = Math.max(0, Math.min(opts.limit ?? 1000, 5000));
  if (limit === 0) return [];
  // the phone slot's channel is the volunteer's order over the three reach columns: read them and
  // decide here (instantChannelOf, the same rule as instantSlotSql) rather than per row in SQL
  const result = await db.execute(sql`
    select ${v.id} as "id", ${v.firstName} as "firstName", ${v.lastName} as "lastName", ${v.email} as "email",
           ${v.phone} as "phone", ${v.voicePhone} as "voicePhone", ${v.telegramChatId} as "telegramChatId", ${v.whatsappPhone} as "whatsappPhone", ${v.locale} as "locale",
           ${emailOk} as "emailOk", ${voiceOk} as "voiceOk", ${v.reachSms} as "reachSms", ${v.reachTelegram} as "reachTelegram", ${v.reachWhatsapp} as "reachWhatsapp", ${v.instantOrder} as "instantOrder"
    from ${v}
    where ${matchWhere(organizationId, criteria, opts.now ?? new Date())}
    order by ${v.lastAskedAt} asc nulls first, random()
    limit ${limit}`);
  type Row = Omit<MatchedVolunteer, "channels"> & { emailOk: boolean; voiceOk: boolean; reachSms: boolean; reachTelegram: boolean; reachWhatsapp: boolean; instantOrder: string };
  return (result.rows as Row[]).map(({ emailOk: e, voiceOk: c, reachSms, reachTelegram, reachWhatsapp, instantOrder, ...rest }) => {
    const phone = smsAllowed ? instantChannelOf(instantOrder, { sms: reachSms, telegram: reachTelegram, whatsapp: reachWhatsapp }) : null;
    return {
      ...rest,
      locale: toLocale(rest.locale),
      channels: [...(e ? (["email"] as const) : []), ...(phone ? [phone] : []), ...(c ? (["voice"] as const) : [])],
    };
  });
}

/**
 * The live count split by message language, for the preview's SMS cost per language: how many
 * match and how many of them would get an SMS (same rules, one statement).
 */
export async function countMatchesByLocale(
  db: DbOrTx,
  organizationId: string,
  criteria: MatchCriteria,
  opts: { now?: Date } = {},
): Promise<{ locale: Locale; matches: number; sms: number }[]> {
  const v = s.volunteers;
  const { smsOk } = channelConditions(criteria);
  const result = await db.execute(sql`
    select ${v.locale} as "locale", count(*)::int as "matches", (count(*) filter (where ${smsOk}))::int as "sms"
    from ${v}
    where ${matchWhere(organizationId, criteria, opts.now ?? new Date())}
    group by ${v.locale}`);
  const byLocale = new Map<Locale, { matches: number; sms: number }>();
  for (const r of result.rows as { locale: string; matches: number; sms: number }[]) {
    const l = toLocale(r.locale);
    const prev = byLocale.get(l) ?? { matches: 0, sms: 0 };
    byLocale.set(l, { matches: prev.matches + Number(r.matches), sms: prev.sms + Number(r.sms) });
  }
  return [...byLocale].map(([locale, c]) => ({ locale, ...c })).sort((a, b) => b.matches - a.matches || a.locale.localeCompare(b.locale));
}

/** The live count for the new-request form (same rules, one statement). */
export async function countMatches(db: DbOrTx, organizationId: string, criteria: MatchCriteria, opts: { now?: Date } = {}): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as "n" from ${s.volunteers} where ${matchWhere(organizationId, criteria, opts.now ?? new Date())}`);
  return Number((result.rows[0] as { n: number }).n);
}

/**
 * The other direction of the same rule (issue 15, open needs): which of these requests the one
 * volunteer matches, decided by matchWhere for each request — nothing is written twice. One
 * statement per batch of requests (a UNION ALL of EXISTS checks on the volunteer's row).
 */
export async function requestsMatchingVolunteer(
  db: DbOrTx,
  organizationId: string,
  volunteerId: string,
  requests: (MatchCriteria & { id: string })[],
  opts: { now?: Date } = {},
): Promise<Set<string>> {
  const now = opts.now ?? new Date();
  const found = new Set<string>();
  for (let i = 0; i < requests.length; i += 100) {
    const batch = requests.slice(i, i + 100);
    const checks = batch.map(
      (c) => sql`select ${c.id}::uuid as "id" where exists (select 1 from ${s.volunteers} where ${s.volunteers.id} = ${volunteerId} and ${matchWhere(organizationId, c, now)})`,
    );
    const result = await db.execute(sql.join(checks, sql` union all `));
    for (const r of result.rows as { id: string }[]) found.add(r.id);
  }
  return found;
}

