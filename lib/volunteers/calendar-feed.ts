import { createHmac } from "node:crypto";
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import { writeIcsCalendar, type IcsEvent } from "@/lib/calendar/ics";
import { config } from "@/lib/config";
import { loadMessageOrg } from "@/lib/requests/load";
import { calendarEvent, type MessageRequest } from "@/lib/requests/messages";
import { storedResponseToken } from "@/lib/requests/tokens";
import { hashToken } from "@/lib/tokens";
import { absoluteUrl, urls } from "@/lib/urls";

/**
 * The personal calendar feed (issue 15): a secret URL per volunteer that calendar apps subscribe
 * to, read-only, with an entry per commitment.
 *
 * - The token is derived from the feed row's id with the server secret (like response links,
 *   lib/requests/tokens.ts): base64url(HMAC-SHA256(secret, "calendar-feed:" + id)), 256 bits.
 *   Only its SHA-256 is stored, yet the profile can show the URL again on every visit.
 * - Revoking deletes the row: the old URL answers 404 at once. Re-creating makes a new row (a new
 *   id, so a new URL); the old one never comes back.
 * - Entries: accepted commitments whose request ends no more than FEED_PAST_DAYS ago, with the
 *   same UID, SEQUENCE and content as the confirmation's .ics attachment (`calendarEvent`).
 *   A withdrawn commitment or a cancelled request stays in the feed as STATUS:CANCELLED (SEQUENCE
 *   one above, as the cancellation e-mail's entry) until FEED_PAST_DAYS after its end, then the
 *   entry disappears — a calendar app that saw the cancellation has already struck it through.
 * - Reads only: GET and HEAD change nothing (the route's rate limit counts in rate_limits only).
 */

export const FEED_PAST_DAYS = 30;
/** at most this many entries per feed (the nearest ones); a volunteer rarely has more than a few dozen */
export const FEED_MAX_EVENTS = 500;

export function feedToken(feedId: string, secret = config().responseTokenSecret): string {
  return createHmac("sha256", secret).update(`calendar-feed:${feedId}`).digest("base64url");
}

export type CalendarFeedLinks = { createdAt: Date; https: string; webcal: string };

function linksOf(feed: { id: string; createdAt: Date }): CalendarFeedLinks {
  const https = absoluteUrl(`/calendar-feed/${feedToken(feed.id)}.ics`);
  return { createdAt: feed.createdAt, https, webcal: https.replace(/^https?:\/\//, "webcal://") };
}

/** The volunteer's feed URLs, or null when they have none (never made, or revoked). */
export async function getCalendarFeed(db: DbOrTx, volunteerId: string): Promise<CalendarFeedLinks | null> {
  const [feed] = await db.select().from(s.volunteerCalendarFeeds).where(eq(s.volunteerCalendarFeeds.volunteerId, volunteerId));
  return feed ? linksOf(feed) : null;
}

type Ctx = { ip?: string | null };

/** Makes the feed, or replaces it with a new URL (the old one answers 404 from now on). */
export async function createCalendarFeed(db: Db, volunteerId: string, ctx: Ctx = {}): Promise<CalendarFeedLinks | null> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select({ id: s.volunteers.id, organizationId: s.volunteers.organizationId }).from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
    if (!v) return null;
    const replaced = await tx.delete(s.volunteerCalendarFeeds).where(eq(s.volunteerCalendarFeeds.volunteerId, v.id)).returning({ id: s.volunteerCalendarFeeds.id });
    const id = crypto.randomUUID();
    const [feed] = await tx.insert(s.volunteerCalendarFeeds).values({ id, volunteerId: v.id, tokenHash: hashToken(feedToken(id)) }).returning();
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.calendar_feed_created", objectType: "volunteer", objectId: v.id, ip: ctx.ip ?? null, details: { replaced: replaced.length > 0 } });
    return linksOf(feed);
  });
}

/** Revokes the feed: its URL answers 404 from now on. Without a feed nothing changes. */
export async function revokeCalendarFeed(db: Db, volunteerId: string, ctx: Ctx = {}): Promise<{ revoked: boolean }> {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(s.volunteerCalendarFeeds).where(eq(s.volunteerCalendarFeeds.volunteerId, volunteerId)).returning({ id: s.volunteerCalendarFeeds.id });
    if (gone.length === 0) return { revoked: false };
    const [v] = await tx.select({ organizationId: s.volunteers.organizationId }).from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
    if (v) await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.calendar_feed_revoked", objectType: "volunteer", objectId: volunteerId, ip: ctx.ip ?? null });
    return { revoked: true };
  });
}

/**
 * The feed's calendar for the token's hash, or null for an unknown or revoked feed. Reads only.
 * Texts in the volunteer's message language (what the coordinator typed stays as typed).
 */
export async function renderCalendarFeed(db: DbOrTx, tokenHash: string, now = new Date()): Promise<string | null> {
  const [owner] = await db
    .select({ volunteerId: s.volunteers.id, organizationId: s.volunteers.organizationId, locale: s.volunteers.locale })
    .from(s.volunteerCalendarFeeds)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.volunteerCalendarFeeds.volunteerId))
    .where(eq(s.volunteerCalendarFeeds.tokenHash, tokenHash));
  if (!owner) return null;
  const locale = toLocale(owner.locale);
  const org = await loadMessageOrg(db, owner.organizationId);
  const rows = await db
    .select({ invitationId: s.invitations.id, invitationStatus: s.invitations.status, tokenHash: s.invitations.tokenHash, r: s.requests, activityNameDe: s.activities.nameDe, activityNameEn: s.activities.nameEn, activityNames: s.activities.names })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .where(
      and(
        eq(s.invitations.volunteerId, owner.volunteerId),
        eq(s.requests.organizationId, owner.organizationId),
        inArray(s.invitations.status, ["accepted", "withdrawn"]),
        gte(s.requests.endsAt, new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000)),
      ),
    )
    .orderBy(asc(s.requests.startsAt))
    .limit(FEED_MAX_EVENTS);
  const events: IcsEvent[] = rows.map((row) => {
    const r = row.r;
    const request: MessageRequest = {
      id: r.id,
      title: r.title,
      details: r.details,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      helpersNeeded: r.helpersNeeded,
      acceptedCount: r.acceptedCount,
      activityNameDe: row.activityNameDe,
      activityNameEn: row.activityNameEn,
      activityNames: row.activityNames,
      revision: r.revision,
      // the briefing is for those who come: a withdrawn helper's entry does not carry it
      briefing: row.invitationStatus === "accepted" ? { meetingPoint: r.meetingPoint, contactName: r.contactName, contactPhone: r.contactPhone, whatToBring: r.whatToBring } : undefined,
    };
    const cancelled = row.invitationStatus !== "accepted" || r.status === "cancelled";
    const token = storedResponseToken(row.invitationId, row.tokenHash);
    return calendarEvent(org, request, locale, row.invitationId, { method: null, link: token ? urls.response(token) : undefined, now }, cancelled);
  });
  return writeIcsCalendar(events, { method: null, timeZone: org.timeZone, name: translator(locale, "commitments")("feed.calendarName", { org: org.name }) });
}
