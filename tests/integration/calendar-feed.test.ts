import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET, HEAD } from "@/app/calendar-feed/[file]/route";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { cancelRequest } from "@/lib/requests/manage";
import { acceptOpenNeed, withdrawCommitment } from "@/lib/requests/open-needs";
import { createAndSendRequest } from "@/lib/requests/create";
import { hashToken } from "@/lib/tokens";
import { createCalendarFeed, FEED_PAST_DAYS, getCalendarFeed, renderCalendarFeed, revokeCalendarFeed } from "@/lib/volunteers/calendar-feed";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { setupTestDatabase } from "../helpers/db";
import { parseIcs, parseIcsCalendar } from "../helpers/ics";
import { activityByKey, coordinator, nextBerlin, requestInput, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

async function request(over: Record<string, unknown> = {}) {
  const r = await createAndSendRequest(t.db, actor, requestInput(driving, over));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.requestId;
}
/** The same local time `days` calendar days later ("YYYY-MM-DDTHH:mm"). */
const laterBerlin = (local: string, days: number) => {
  const d = new Date(`${local.slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}${local.slice(10)}`;
};
const tokenOf = (url: string) => url.match(/\/calendar-feed\/([A-Za-z0-9_-]{43})\.ics$/)![1];
const fetchFeed = (url: string, method: "GET" | "HEAD" = "GET") => {
  const file = url.split("/").pop()!;
  return (method === "GET" ? GET : HEAD)(new Request(url, { method }), { params: Promise.resolve({ file }) });
};
/** The calendar attachment of a volunteer's confirmation for a request. */
async function attachmentOf(requestId: string, volunteerId: string) {
  const [m] = (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.volunteerId, volunteerId), eq(s.messages.kind, "confirmation")))).map(renderStoredTexts);
  return parseIcs(m.attachments![0].content);
}

describe("the personal calendar feed", () => {
  it("has an entry per commitment with the same UID, SEQUENCE and times as the confirmation's .ics (ical.js)", async () => {
    // two days apart whatever today's weekday is (the feed lists by start)
    const a = await request({ title: "Fahrt zum Amt", startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 11) });
    const b = await request({ title: "Fahrt, zweite; mit Komma", startsAt: laterBerlin(nextBerlin(2, 14), 2), endsAt: laterBerlin(nextBerlin(2, 16), 2) });
    const me = await volunteer(t.db, { activities: [driving], locale: "uk" });
    for (const id of [a, b]) expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id })).toMatchObject({ outcome: "accepted" });
    const feed = (await createCalendarFeed(t.db, me.id))!;
    expect(feed.https).toMatch(/^https?:\/\/.+\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.webcal).toBe(feed.https.replace(/^https?:\/\//, "webcal://"));
    const res = await fetchFeed(feed.https);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const cal = parseIcsCalendar(await res.text());
    expect(cal.method).toBeNull();
    expect(cal.timezones).toBe(1);
    expect(cal.name).toContain("Мої завдання");
    expect(cal.events).toHaveLength(2);
    for (const [i, id] of [a, b].entries()) {
      const attached = await attachmentOf(id, me.id);
      expect(cal.events[i]).toMatchObject({ uid: attached.uid, sequence: attached.sequence, summary: attached.summary, status: "CONFIRMED" });
      expect(cal.events[i].start).toEqual(attached.start);
      expect(cal.events[i].end).toEqual(attached.end);
    }
    // the profile shows the same address again (derived, not stored)
    expect(await getCalendarFeed(t.db, me.id)).toEqual(feed);
    // only the hash of the token is stored
    const [row] = await t.db.select().from(s.volunteerCalendarFeeds);
    expect(row.tokenHash).toBe(hashToken(tokenOf(feed.https)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(feed.https));
  });

  it("keeps withdrawn and cancelled commitments as STATUS:CANCELLED (same UID, next SEQUENCE) until 30 days after their end", async () => {
    const a = await request({ helpersNeeded: 2 });
    const b = await request({ helpersNeeded: 2, startsAt: laterBerlin(nextBerlin(2, 9), 1), endsAt: laterBerlin(nextBerlin(2, 11), 1) });
    const me = await volunteer(t.db, { activities: [driving] });
    await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: a });
    await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: b });
    const uidA = (await attachmentOf(a, me.id)).uid;
    const uidB = (await attachmentOf(b, me.id)).uid;
    const [invA] = await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, a), eq(s.invitations.volunteerId, me.id)));
    await withdrawCommitment(t.db, { volunteerId: me.id, invitationId: invA.id });
    expect((await cancelRequest(t.db, actor, b, { confirm: "yes" })).ok).toBe(true);
    const feed = (await createCalendarFeed(t.db, me.id))!;
    const cal = parseIcsCalendar((await renderCalendarFeed(t.db, hashToken(tokenOf(feed.https))))!);
    expect(cal.events.map((e) => [e.uid, e.status, e.sequence])).toEqual([
      [uidA, "CANCELLED", 1],
      [uidB, "CANCELLED", 1],
    ]);
    const end = (await t.db.select().from(s.requests).where(eq(s.requests.id, b)))[0].endsAt;
    const later = new Date(end.getTime() + (FEED_PAST_DAYS + 1) * 86_400_000);
    expect(parseIcsCalendar((await renderCalendarFeed(t.db, hashToken(tokenOf(feed.https)), later))!).events).toEqual([]);
  });

  it("answers 404 for a revoked, replaced, unknown or malformed address; the new address works", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const first = (await createCalendarFeed(t.db, me.id))!;
    const second = (await createCalendarFeed(t.db, me.id))!;
    expect(second.https).not.toBe(first.https);
    expect((await fetchFeed(first.https)).status).toBe(404);
    expect((await fetchFeed(second.https)).status).toBe(200);
    expect(await revokeCalendarFeed(t.db, me.id)).toEqual({ revoked: true });
    expect((await fetchFeed(second.https)).status).toBe(404);
    expect((await fetchFeed(second.https, "HEAD")).status).toBe(404);
    expect(await getCalendarFeed(t.db, me.id)).toBeNull();
    expect((await fetchFeed(`http://localhost/calendar-feed/${"A".repeat(43)}.ics`)).status).toBe(404);
    expect((await fetchFeed("http://localhost/calendar-feed/..%2Fetc.ics")).status).toBe(404);
    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.objectId, me.id));
    expect(audit.map((x) => x.action).sort()).toEqual(["volunteer.calendar_feed_created", "volunteer.calendar_feed_created", "volunteer.calendar_feed_revoked"]);
  });

  it("GET and HEAD change nothing (only the rate-limit counter counts); HEAD has no body", async () => {
    const id = await request();
    const me = await volunteer(t.db, { activities: [driving] });
    await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id });
    const feed = (await createCalendarFeed(t.db, me.id))!;
    const snapshot = async () => ({
      invitations: await t.db.select().from(s.invitations),
      requests: await t.db.select().from(s.requests),
      volunteers: await t.db.select().from(s.volunteers),
      feeds: await t.db.select().from(s.volunteerCalendarFeeds),
      messages: (await t.db.select({ n: count() }).from(s.messages))[0].n,
      audit: (await t.db.select({ n: count() }).from(s.auditEvents))[0].n,
    });
    const before = await snapshot();
    const head = await fetchFeed(feed.https, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await head.text()).toBe("");
    for (let i = 0; i < 3; i++) expect((await fetchFeed(feed.https)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it("is rate-limited per feed", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const feed = (await createCalendarFeed(t.db, me.id))!;
    const windowStart = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
    await t.db.insert(s.rateLimits).values({ key: `calendar-feed:${hashToken(tokenOf(feed.https))}`, windowStart, count: 120 });
    const res = await fetchFeed(feed.https);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("is in the volunteer's data export (Art. 15) as stored — the token's hash — and goes with the erasure (Art. 17)", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    expect((await exportVolunteerData(me.id, t.db))!.calendarFeed).toEqual({ active: false });
    const feed = (await createCalendarFeed(t.db, me.id))!;
    const exported = (await exportVolunteerData(me.id, t.db))!.calendarFeed;
    expect(exported).toMatchObject({ active: true, tokenSha256: hashToken(tokenOf(feed.https)) });
    expect(await eraseVolunteer(me.id, { db: t.db })).toEqual({ ok: true });
    expect(await t.db.select().from(s.volunteerCalendarFeeds)).toEqual([]);
    expect((await fetchFeed(feed.https)).status).toBe(404);
  });
});
