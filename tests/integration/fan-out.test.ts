import { eq, sql, type SQL } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { volunteerLocales } from "@/i18n/config";
import { templatedMessagesStatement } from "@/lib/messaging/outbox";
import { renderStoredTexts, RESPONSE_PLACEHOLDER } from "@/lib/messaging/secrets";
import { unsubscribeUrl } from "@/lib/messaging/unsubscribe";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { criteriaOf, inviteMatching } from "@/lib/requests/invite";
import { loadMessageOrg, loadRequest, toMessageRequest } from "@/lib/requests/load";
import { matchVolunteers } from "@/lib/requests/matching";
import { invitationMessages } from "@/lib/requests/messages";
import { holdSms, smsNotBefore } from "@/lib/requests/quiet-hours";
import { responseToken, responseTokenHash } from "@/lib/requests/tokens";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { hashToken } from "@/lib/tokens";
import { DEFAULT_QUIET_HOURS } from "@/lib/organizations/settings-schema";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, nextBerlin } from "../helpers/requests";

/**
 * The set-based fan-out (one INSERT … SELECT of invitations and messages from templates rendered
 * once per language) must write exactly what the per-recipient path writes: the same recipients,
 * and per invitation the same outbox rows as invitationMessages + holdSms + enqueueMessages.
 */
const t = setupTestDatabase();
let orgId: string;
let userId: string;
let driving: string;

const NAMES = ["Anna", `<b>Jo & "Li"</b>`, "O'Brien", "فاطمة", "Олена", "Zeynep", "مریم", "{name} $1 $& \\", "Łukasz", "Jean-Luc"];

beforeEach(async () => {
  orgId = (await t.db.select().from(s.organizations))[0].id;
  userId = (await t.db.select().from(s.memberships).where(eq(s.memberships.organizationId, orgId)))[0].userId;
  driving = (await activityByKey(t.db, "driving")).id;
  // a few hundred volunteers in every language, on e-mail, SMS or both, some not reachable
  const now = new Date();
  const rows = Array.from({ length: 320 }, (_, i) => {
    const pref = (["email", "sms", "both"] as const)[i % 3];
    return {
      organizationId: orgId,
      firstName: NAMES[i % NAMES.length],
      lastName: `Fan${i}`,
      email: pref === "sms" && i % 2 ? null : `fan${i}@example.net`,
      phone: pref === "email" && i % 2 ? null : `+4915100${String(i).padStart(5, "0")}`,
      contactPreference: pref,
      locale: volunteerLocales[i % volunteerLocales.length],
      status: "active" as const,
      availableFlexible: true,
      consentVersion: "test",
      consentAt: now,
      emailConfirmedAt: i % 11 === 0 ? null : now,
      phoneConfirmedAt: i % 13 === 0 ? null : now,
      smsOptedOutAt: i % 17 === 0 ? now : null,
      lastAskedAt: i % 4 === 0 ? null : new Date(now.getTime() - i * 60_000),
    };
  });
  const vols = await t.db.insert(s.volunteers).values(rows).returning({ id: s.volunteers.id });
  await t.db.insert(s.volunteerActivities).values(vols.map((v) => ({ volunteerId: v.id, activityId: driving })));
});

async function newRequest(title: string) {
  const startsAt = zonedLocalToUtc(nextBerlin(2, 9), "Europe/Berlin")!;
  const [r] = await t.db
    .insert(s.requests)
    .values({ organizationId: orgId, activityId: driving, shortCode: title.slice(0, 4).toUpperCase(), title, details: "Treffpunkt <Eingang> & Tor 2", place: "Hauptstr. 1", startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), helpersNeeded: 5, channels: "both", createdBy: userId })
    .returning();
  return (await loadRequest(t.db, r.id))!;
}

type SQLRunner = { execute: (q: SQL) => Promise<{ rows: unknown[] }> };

describe("set-based fan-out", () => {
  for (const [label, hour, batch] of [
    ["daytime", 10, undefined],
    ["quiet hours (SMS held back)", 23, undefined],
    // the statements of many batches queued while the next is built (lib/requests/invite.ts)
    ["daytime, in batches of 37", 10, 37],
  ] as const) {
    it(`writes the same recipients and message rows as the per-recipient path (${label})`, async () => {
      const request = await newRequest(`Fahrt „Ämter“ – ${label}`);
      const org = await loadMessageOrg(t.db, orgId);
      const now = zonedLocalToUtc(nextBerlin(5, hour, 0, new Date(Date.now() - 14 * 86_400_000)), "Europe/Berlin")!;
      // the old path's recipients: the match query's answer before inviting
      const matched = await matchVolunteers(t.db, orgId, criteriaOf(request, org.timeZone), { limit: 5000, now });
      expect(matched.length).toBeGreaterThan(150);

      const res = await t.db.transaction((tx) => inviteMatching(tx, org, request, 5000, now, { quietHours: DEFAULT_QUIET_HOURS, batch }));
      const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, request.id));
      expect(res.invited).toBe(matched.length);
      expect(invs.map((i) => i.volunteerId).sort()).toEqual(matched.map((m) => m.id).sort());
      for (const inv of invs) {
        expect(inv.tokenHash).toBe(responseTokenHash(inv.id));
        expect(inv).toMatchObject({ status: "pending", wave: 1, askedAt: now });
      }

      // the old path's rows, built with the per-recipient functions for the same invitations
      const smsAfter = smsNotBefore(now, org.timeZone, request.startsAt, DEFAULT_QUIET_HOURS);
      expect(!!smsAfter).toBe(hour === 23);
      const byId = new Map(matched.map((m) => [m.id, m]));
      const expected = invs.flatMap((inv) => {
        const m = byId.get(inv.volunteerId!)!;
        return holdSms(invitationMessages(org, toMessageRequest(request), { ...m, volunteerId: m.id, invitationId: inv.id }, responseToken(inv.id)), smsAfter);
      });
      const actual = await t.db.select().from(s.messages).where(eq(s.messages.requestId, request.id));
      expect(res.messages).toBe(expected.length);
      expect(actual.length).toBe(expected.length);
      expect(actual.some((m) => m.channel === "sms") && actual.some((m) => m.channel === "email")).toBe(true);
      const key = (invitationId: string | null | undefined, channel: string) => `${invitationId}:${channel}`;
      // stored with the response link as a placeholder and the unsubscribe token sealed (issue 13); rendered as sent
      for (const m of actual) {
        expect(m.body).toContain(RESPONSE_PLACEHOLDER);
        expect(m.body).not.toContain(responseToken(m.invitationId!));
      }
      const rows = new Map(actual.map((m) => [key(m.invitationId, m.channel), renderStoredTexts(m)]));
      for (const e of expected) {
        const a = rows.get(key(e.invitationId, e.channel));
        expect(a, key(e.invitationId, e.channel)).toBeDefined();
        expect({ org: a!.organizationId, recipient: a!.recipient, kind: a!.kind, locale: a!.locale, subject: a!.subject, body: a!.body, html: a!.html, attachments: a!.attachments, volunteerId: a!.volunteerId, status: a!.status }).toEqual({
          org: e.organizationId,
          recipient: e.recipient,
          kind: "invitation",
          locale: e.locale,
          subject: e.subject ?? null,
          body: e.body,
          html: e.html ?? null,
          attachments: null,
          volunteerId: e.volunteerId,
          status: "queued",
        });
        expect(a!.segments).toBe(e.channel === "sms" ? analyzeSms(e.body).segments : null);
        if (e.notBefore) expect(a!.nextAttemptAt).toEqual(e.notBefore);
        else expect(Math.abs(a!.nextAttemptAt.getTime() - Date.now())).toBeLessThan(60_000);
        if (e.channel === "email") {
          // a List-Unsubscribe link of its own per e-mail, its token's hash stored
          const link = a!.headers!["List-Unsubscribe"].match(/^<(.+)\/api\/unsubscribe\/([A-Za-z0-9_-]+)>$/)!;
          expect(`<${unsubscribeUrl(link[2])}>`).toBe(a!.headers!["List-Unsubscribe"]);
          expect(a!.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
          expect(Object.keys(a!.headers!).sort()).toEqual(["List-Unsubscribe", "List-Unsubscribe-Post"]);
          expect(a!.unsubscribeTokenHash).toBe(hashToken(link[2]));
        } else {
          expect(a!.headers).toBeNull();
          expect(a!.unsubscribeTokenHash).toBeNull();
        }
      }
      expect(new Set(actual.map((m) => m.unsubscribeTokenHash).filter(Boolean)).size).toBe(actual.filter((m) => m.channel === "email").length);
      // the names reached their messages as typed (text) and escaped (HTML)
      const tricky = actual.find((m) => m.channel === "email" && m.body!.includes(`<b>Jo & "Li"</b>`));
      expect(tricky?.html).toContain("&lt;b&gt;Jo &amp; &quot;Li&quot;&lt;/b&gt;");

      const asked = await t.db.select({ id: s.volunteers.id, at: s.volunteers.lastAskedAt }).from(s.volunteers);
      const invited = new Set(invs.map((i) => i.volunteerId));
      for (const v of asked) if (invited.has(v.id)) expect(v.at).toEqual(now);

      // asking again finds nobody new: never asked twice
      expect(await t.db.transaction((tx) => inviteMatching(tx, org, request, 5000, now))).toEqual({ invited: 0, messages: 0 });
    });
  }

  it("writes nothing when a later batch fails, and sends no statement after the failure", async () => {
    const request = await newRequest("Abbruch");
    const org = await loadMessageOrg(t.db, orgId);
    const before = await t.db.select({ id: s.volunteers.id, at: s.volunteers.lastAskedAt }).from(s.volunteers);
    // the third batch's messages fail in the database (a statement trigger counting with a sequence,
    // which a rollback does not reset)
    await t.db.execute(sql`create sequence fan_out_fail_seq`);
    await t.db.execute(sql`create function fan_out_fail() returns trigger language plpgsql as $$
      begin if nextval('fan_out_fail_seq') = 3 then raise exception 'fan-out test failure'; end if; return null; end $$`);
    await t.db.execute(sql`create trigger fan_out_fail before insert on messages for each statement execute function fan_out_fail()`);
    let statements = 0;
    try {
      await expect(
        t.db.transaction(async (tx) => {
          const counted = new Proxy(tx, { get: (target, key, recv) => (key === "execute" ? (q: SQL) => (statements++, target.execute(q)) : Reflect.get(target, key, recv)) });
          return inviteMatching(counted, org, request, 5000, new Date(), { batch: 20, quietHours: DEFAULT_QUIET_HOURS });
        }),
      ).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringContaining("fan-out test failure") }) });
    } finally {
      await t.db.execute(sql`drop trigger fan_out_fail on messages`);
      await t.db.execute(sql`drop function fan_out_fail()`);
      await t.db.execute(sql`drop sequence fan_out_fail_seq`);
    }
    expect(await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, request.id))).toEqual([]);
    expect(await t.db.select().from(s.messages).where(eq(s.messages.requestId, request.id))).toEqual([]);
    expect(await t.db.select({ id: s.volunteers.id, at: s.volunteers.lastAskedAt }).from(s.volunteers)).toEqual(expect.arrayContaining(before));
    // far more than three batches matched, but only the match and three pairs were handed to the
    // driver: the fourth batch's statements, built meanwhile, were never sent
    const matched = (await matchVolunteers(t.db, orgId, criteriaOf(request, org.timeZone), { limit: 5000 })).length;
    expect(Math.ceil(matched / 20)).toBeGreaterThan(5);
    expect(statements).toBe(1 + 2 * 3);
  });

  it("leaves out the messages of invitations that were not inserted (existingInvitationsOnly)", async () => {
    const request = await newRequest("Nur vorhandene");
    const org = await loadMessageOrg(t.db, orgId);
    const [a, b] = await t.db.select({ id: s.volunteers.id }).from(s.volunteers).limit(2);
    const [inv] = await t.db.insert(s.invitations).values({ requestId: request.id, volunteerId: a.id, tokenHash: "x".repeat(64), status: "pending" }).returning();
    const templates = [{ channel: "sms" as const, kind: "invitation", locale: "de" as const, body: "Hallo NAME", segments: 1 }];
    const msg = (volunteerId: string, invitationId: string) => ({ organizationId: org.id, volunteerId, requestId: request.id, invitationId, template: 0, recipient: "+4915100000001", values: ["Anna"], htmlValues: ["Anna"] });
    const msgs = [msg(a.id, inv.id), msg(b.id, crypto.randomUUID())];
    const result = await t.db.execute(templatedMessagesStatement(templates, ["NAME"], msgs, { existingInvitationsOnly: true }));
    expect(Number((result.rows[0] as { n: number }).n)).toBe(1);
    const rows = await t.db.select().from(s.messages).where(eq(s.messages.requestId, request.id));
    expect(rows.map((r) => [r.invitationId, r.body])).toEqual([[inv.id, "Hallo Anna"]]);
  });

  it("marks an asked volunteer with a heap-only update (no index holds last_asked_at; room left on the page)", async () => {
    const request = await newRequest("HOT");
    const org = await loadMessageOrg(t.db, orgId);
    // the xact counters also hold earlier transactions' counts not yet reported: compare before and after
    const counters = async (tx: SQLRunner) => (await tx.execute(sql`select pg_stat_get_xact_tuples_updated('volunteers'::regclass)::int as upd, pg_stat_get_xact_tuples_hot_updated('volunteers'::regclass)::int as hot`)).rows[0] as { upd: number; hot: number };
    const hot = await t.db.transaction(async (tx) => {
      const before = await counters(tx);
      expect((await inviteMatching(tx, org, request, 1, new Date())).invited).toBe(1);
      const after = await counters(tx);
      return { upd: after.upd - before.upd, hot: after.hot - before.hot };
    });
    expect(hot).toEqual({ upd: 1, hot: 1 });
    const opts = await t.db.execute(sql`select reloptions from pg_class where relname = 'volunteers'`);
    expect((opts.rows[0] as { reloptions: string[] }).reloptions).toContain("fillfactor=85");
  });

  it("respects the limit, asking the never asked first", async () => {
    const request = await newRequest("Limit");
    const org = await loadMessageOrg(t.db, orgId);
    const neverAsked = new Set((await t.db.select({ id: s.volunteers.id, at: s.volunteers.lastAskedAt }).from(s.volunteers)).filter((v) => !v.at).map((v) => v.id));
    const now = new Date();
    const res = await t.db.transaction((tx) => inviteMatching(tx, org, request, 40, now));
    expect(res.invited).toBe(40);
    const invs = await t.db.select({ v: s.invitations.volunteerId }).from(s.invitations).where(eq(s.invitations.requestId, request.id));
    expect(invs.length).toBe(40);
    expect(invs.every((i) => neverAsked.has(i.v!))).toBe(true);
  });
});
