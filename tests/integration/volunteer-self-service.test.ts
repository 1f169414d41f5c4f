import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { applyResendEvent, applyTwilioStatus } from "@/lib/messaging/webhooks";
import { runScheduledWork } from "@/lib/scheduler";
import { hashToken } from "@/lib/tokens";
import { reachableChannels } from "@/lib/volunteers/channels";
import { confirmChannel, resendConfirmation } from "@/lib/volunteers/confirm";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { CONSENT_VERSION, currentConsentText } from "@/lib/volunteers/consent";
import { setVolunteerStatus } from "@/lib/volunteers/directory";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { MESSAGES_PER_RECIPIENT_PER_HOUR } from "@/lib/volunteers/notify";
import { loadProfile, pauseVolunteer, resumeVolunteer, updateProfile } from "@/lib/volunteers/profile";
import { purgeUnconfirmedVolunteers, resumeEndedPauses } from "@/lib/volunteers/purge";
import { rateLimits } from "@/lib/volunteers/rate-limits";

const RATE_LIMITS = rateLimits();
import { registerVolunteer } from "@/lib/volunteers/register";
import { requestSignInLink } from "@/lib/volunteers/sign-in";
import { setupTestDatabase } from "../helpers/db";
import { formFor, lastMessage, linkToken, volunteerBy } from "../helpers/volunteers";

const t = setupTestDatabase();
const ip = "203.0.113.5";
const EMAIL = "anna.testfrau@example.net";

/** A confirmed volunteer (e-mail and phone), as after the double opt-in. */
async function confirmedVolunteer(patch = {}) {
  await registerVolunteer(await formFor(t.db, { phone: "0151 2345 6789", contactPreference: "both", ...patch }), { ip, db: t.db });
  await confirmChannel(await linkToken(t.db, EMAIL, "confirm-email", "confirm"), { db: t.db });
  await confirmChannel(await linkToken(t.db, "+4915123456789", "confirm-phone", "confirm"), { db: t.db });
  return volunteerBy(t.db, EMAIL);
}

async function requestWithInvitation(volunteerId: string, title: string, status: "accepted" | "declined") {
  const [org] = await t.db.select().from(s.organizations);
  const [activity] = await t.db.select().from(s.activities).limit(1);
  const [r] = await t.db
    .insert(s.requests)
    .values({ organizationId: org.id, activityId: activity.id, shortCode: title.slice(0, 3).toUpperCase(), title, place: "Ausländerbehörde", startsAt: new Date("2026-12-01T08:00:00Z"), endsAt: new Date("2026-12-01T10:00:00Z"), helpersNeeded: 2, acceptedCount: status === "accepted" ? 1 : 0 })
    .returning();
  const [inv] = await t.db
    .insert(s.invitations)
    .values({ requestId: r.id, volunteerId, tokenHash: hashToken(title), status, askedAt: new Date("2026-11-20T10:00:00Z"), respondedAt: new Date("2026-11-20T10:05:00Z"), respondedVia: "web" })
    .returning();
  await t.db.insert(s.messages).values({ organizationId: org.id, channel: "sms", recipient: "+4915123456789", volunteerId, requestId: r.id, invitationId: inv.id, kind: "invitation", body: `Anna, ${title}? Antwort: https://x/r/abc`, status: "sent" });
  return { request: r, invitation: inv };
}

describe("profile", () => {
  it("saves changes; a new e-mail address is unconfirmed again until its new link is used", async () => {
    const v = await confirmedVolunteer();
    const form = await formFor(t.db, { email: "anna.neu@example.net", phone: "0151 2345 6789", contactPreference: "both", firstName: "Anna-Lena", languages: ["uk"], flexible: true, availability: [] });
    expect(await updateProfile(v.id, form, { db: t.db })).toEqual({ ok: true, reconfirm: ["email"] });
    const after = await volunteerBy(t.db, "anna.neu@example.net");
    expect(after).toMatchObject({ firstName: "Anna-Lena", availableFlexible: true, emailConfirmedAt: null });
    expect(after.phoneConfirmedAt).not.toBeNull();
    expect(reachableChannels(after)).toEqual(["sms"]);
    expect(await lastMessage(t.db, "anna.neu@example.net", "confirm-email")).toBeDefined();
    const profile = await loadProfile(v.id, t.db);
    expect(profile?.values).toMatchObject({ languages: ["uk"], availability: [], flexible: true });
    await confirmChannel(await linkToken(t.db, "anna.neu@example.net", "confirm-email", "confirm"), { db: t.db });
    expect(reachableChannels(await volunteerBy(t.db, "anna.neu@example.net"))).toEqual(["email", "sms"]);
  });

  it("keeps everything as it was when the new values are invalid or belong to someone else", async () => {
    const v = await confirmedVolunteer();
    await registerVolunteer(await formFor(t.db, { email: "other@example.net" }), { ip, db: t.db });
    expect(await updateProfile(v.id, await formFor(t.db, { email: "other@example.net" }), { db: t.db })).toEqual({ ok: false, error: "invalid", fieldErrors: { email: "contact_taken" } });
    expect(await updateProfile(v.id, await formFor(t.db, { lastName: "<b>x</b>" }), { db: t.db })).toMatchObject({ ok: false, fieldErrors: { lastName: "name_chars" } });
    expect(await volunteerBy(t.db, EMAIL)).toEqual(v);
  });
});

describe("resending a confirmation link", () => {
  it("works only for an unconfirmed channel, and the new link confirms it", async () => {
    await registerVolunteer(await formFor(t.db, { phone: "0151 2345 6789", contactPreference: "both" }), { ip, db: t.db });
    const v = await volunteerBy(t.db, EMAIL);
    await confirmChannel(await linkToken(t.db, EMAIL, "confirm-email", "confirm"), { db: t.db });
    expect(await resendConfirmation(v.id, "email", { db: t.db })).toEqual({ ok: false, error: "nothing_to_confirm" });
    expect(await resendConfirmation(v.id, "sms", { db: t.db })).toEqual({ ok: true });
    const sms = await t.db.select().from(s.messages).where(eq(s.messages.recipient, "+4915123456789"));
    expect(sms.map((m) => m.kind)).toEqual(["confirm-phone", "confirm-phone"]);
    expect(await confirmChannel(await linkToken(t.db, "+4915123456789", "confirm-phone", "confirm"), { db: t.db })).toMatchObject({ ok: true, state: "confirmed" });
  });
});

describe("pause and resume", () => {
  it("pauses until and including a day, resumes on request, and ends by itself on its date", async () => {
    const v = await confirmedVolunteer();
    const now = new Date("2026-11-28T10:00:00Z");
    expect(await pauseVolunteer(v.id, "2026-11-27", { db: t.db, now })).toEqual({ ok: false, error: "date_past" });
    expect(await pauseVolunteer(v.id, "2027-12-31", { db: t.db, now })).toEqual({ ok: false, error: "date_too_far" });
    expect(await pauseVolunteer(v.id, "2026-02-30", { db: t.db, now })).toEqual({ ok: false, error: "date_invalid" });
    expect(await pauseVolunteer(v.id, "2026-12-24", { db: t.db, now })).toEqual({ ok: true, pausedUntil: new Date("2026-12-24T23:00:00Z") });
    let row = await volunteerBy(t.db, EMAIL);
    expect(row.status).toBe("paused");
    expect((await loadProfile(v.id, t.db))?.pausedUntil).toBe("2026-12-24");

    expect(await resumeVolunteer(v.id, { db: t.db })).toEqual({ ok: true });
    row = await volunteerBy(t.db, EMAIL);
    expect(row).toMatchObject({ status: "active", pausedUntil: null });
    expect(await resumeVolunteer(v.id, { db: t.db })).toEqual({ ok: false, error: "not_paused" });

    await pauseVolunteer(v.id, "2026-12-24", { db: t.db, now });
    expect(await resumeEndedPauses(t.db, new Date("2026-12-24T22:59:00Z"))).toEqual({ resumed: 0 });
    expect(await resumeEndedPauses(t.db, new Date("2026-12-24T23:00:00Z"))).toEqual({ resumed: 1 });
    expect((await volunteerBy(t.db, EMAIL)).status).toBe("active");
  });

  it("cannot pause a registration that was never confirmed", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    const v = await volunteerBy(t.db, EMAIL);
    expect(await pauseVolunteer(v.id, "2099-01-01", { db: t.db, now: new Date("2098-12-01T00:00:00Z") })).toEqual({ ok: false, error: "not_active" });
  });
});

describe("data export (Art. 20)", () => {
  it("contains the profile, activities, languages, availability, consent, invitations with answers and message metadata", async () => {
    const v = await confirmedVolunteer();
    await requestWithInvitation(v.id, "Fahrt zur Ausländerbehörde", "accepted");
    const data = await exportVolunteerData(v.id, t.db);
    expect(data?.profile).toMatchObject({ firstName: "Anna", lastName: "Testfrau", email: EMAIL, phone: "+4915123456789", contactPreference: "both", hasDrivingLicence: true, postalCode: "12345", note: "Gerne Fahrdienste", status: "active" });
    expect(data?.consent.version).toBe(v.consentVersion);
    expect(data?.activities).toHaveLength(2);
    expect(data?.activities[0].name).toMatch(/\S/);
    expect(data?.languages).toEqual([{ code: "ar", name: "Arabisch" }, { code: "fr", name: "Französisch" }]);
    expect(data?.availability).toEqual({ flexible: false, slots: [{ weekday: 2, partOfDay: "morning" }, { weekday: 4, partOfDay: "evening" }] });
    expect(data?.invitations).toEqual([
      { request: { title: "Fahrt zur Ausländerbehörde", place: "Ausländerbehörde", startsAt: "2026-12-01T08:00:00.000Z", endsAt: "2026-12-01T10:00:00.000Z" }, answer: "accepted", askedAt: "2026-11-20T10:00:00.000Z", respondedAt: "2026-11-20T10:05:00.000Z", respondedVia: "web" },
    ]);
    expect(data?.messages.map((m) => m.kind).sort()).toEqual(["confirm-email", "confirm-phone", "invitation"]);
    expect(JSON.stringify(data)).not.toMatch(/\/confirm\/|\/r\/abc/); // links are credentials, not data
  });
});

describe("data export completeness (Art. 15)", () => {
  it("includes the weekly limit, stop flags, the coordinator's reason, last activity, the consent record and the person's audit entries", async () => {
    const v = await confirmedVolunteer({ maxRequestsPerWeek: "3" });
    await requestSignInLink(EMAIL, { ip, db: t.db });
    const [admin] = await t.db.select().from(s.users);
    const [org] = await t.db.select().from(s.organizations);
    const coordinator = { userId: admin.id, email: admin.email, organizationId: org.id, role: "admin" as const };
    expect(await setVolunteerStatus(coordinator, { id: v.id, status: "paused", reason: "Auf eigenen Wunsch bis Ostern" }, { ip: "198.51.100.20" })).toEqual({ ok: true });
    const at = new Date("2026-11-02T09:00:00Z");
    await t.db.update(s.volunteers).set({ emailBouncedAt: at, emailOptedOutAt: at, smsOptedOutAt: at, lastActiveAt: at }).where(eq(s.volunteers.id, v.id));

    const data = (await exportVolunteerData(v.id, t.db))!;
    expect(data.format).toBe("helferruf-volunteer-export/3");
    expect(data.profile).toMatchObject({
      maxRequestsPerWeek: 3, status: "paused", statusReason: "Auf eigenen Wunsch bis Ostern",
      emailBouncedAt: at.toISOString(), emailOptedOutAt: at.toISOString(), smsOptedOutAt: at.toISOString(), lastActiveAt: at.toISOString(),
    });
    const consent = currentConsentText("de", org.name);
    expect(data.consent).toMatchObject({ version: CONSENT_VERSION, channel: "web", language: "de", textSha256: consent.sha256, text: consent.text, state: "current", newerVersionDeclinedAt: null });
    const actions = data.auditEvents.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["volunteer.registered", "volunteer.confirmed_email", "volunteer.sign_in_requested", "volunteer.set_status"]));
    const registered = data.auditEvents.find((e) => e.action === "volunteer.registered")!;
    expect(registered).toMatchObject({ by: "volunteer", outcome: "ok", ip });
    // a coordinator's action: by role, without their address or IP
    const byCoordinator = data.auditEvents.find((e) => e.action === "volunteer.set_status")!;
    expect(byCoordinator).toMatchObject({ by: "coordinator", ip: null, details: { from: "active", to: "paused" } });
    expect(JSON.stringify(data)).not.toContain(admin.email);
    expect(JSON.stringify(data)).not.toContain("198.51.100.20");
  });
});

describe("erasure (Art. 17)", () => {
  it("leaves the volunteer's name, e-mail and number in no table at all, and keeps invitations anonymised", async () => {
    const v = await confirmedVolunteer({ firstName: "Zephyrine", lastName: "Quastenflosser" });
    const { request, invitation } = await requestWithInvitation(v.id, "Umzugshilfe", "accepted");
    await requestSignInLink(EMAIL, { ip, db: t.db });
    await updateProfile(v.id, await formFor(t.db, { firstName: "Zephyrine", lastName: "Quastenflosser", phone: "0151 2345 6789", contactPreference: "both", note: "Zephyrine spricht Arabisch" }), { db: t.db });
    // what the providers know the message by, and a calendar attachment naming the person
    const smsSid = "SM" + "5e".repeat(16);
    const emailId = "re-4f1c2b7e-zeph-email-id";
    const [confirmation] = await t.db
      .insert(s.messages)
      .values({
        organizationId: request.organizationId, channel: "email", recipient: EMAIL, volunteerId: v.id, requestId: request.id, kind: "confirmation", subject: "Zusage", body: "Danke",
        attachments: [{ filename: "einsatz.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\nATTENDEE;CN=Zephyrine Quastenflosser:mailto:x\r\nEND:VCALENDAR" }],
        status: "sent", providerId: emailId, idempotencyKey: "key-zeph",
      })
      .returning();
    await t.db.update(s.messages).set({ providerId: smsSid }).where(eq(s.messages.kind, "invitation"));
    await t.db.insert(s.webhookReceipts).values([{ provider: "twilio-status", eventId: `${smsSid}:delivered` }, { provider: "twilio-status", eventId: "SM" + "00".repeat(16) + ":sent" }]);
    // a second volunteer stays untouched
    await registerVolunteer(await formFor(t.db, { email: "bleibt@example.net", firstName: "Bernd" }), { ip, db: t.db });

    expect(await eraseVolunteer(v.id, { db: t.db })).toEqual({ ok: true });
    // a late status callback finds nothing to write the provider id back to
    const [sms] = await t.db.select().from(s.messages).where(eq(s.messages.kind, "invitation"));
    expect(await applyTwilioStatus(t.db, { MessageSid: smsSid, MessageStatus: "delivered" }, sms.id)).toEqual({ ok: true, applied: false });
    expect(await applyResendEvent(t.db, { type: "email.delivered", data: { email_id: emailId, tags: { message_id: confirmation.id } } } as Parameters<typeof applyResendEvent>[1])).toBe(false);

    const columns = await t.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED')`);
    const needles = ["Zephyrine", "Quastenflosser", EMAIL, "anna.testfrau", "+4915123456789", "15123456789", smsSid, emailId, "key-zeph"];
    const found: string[] = [];
    for (const { table_name, column_name } of columns.rows as { table_name: string; column_name: string }[]) {
      for (const needle of needles) {
        const r = await t.db.execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${"%" + needle + "%"}`);
        if ((r.rows[0] as { n: number }).n > 0) found.push(`${table_name}.${column_name} contains ${needle}`);
      }
    }
    expect(found).toEqual([]);
    expect(columns.rows.length).toBeGreaterThan(20);
    // the IP addresses of the person's own actions (registration, sign-in, profile) are gone; the entries stay
    const own = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.objectId, v.id), eq(s.auditEvents.actorType, "volunteer")));
    expect(own.filter((e) => e.action !== "volunteer.erased").length).toBeGreaterThan(2);
    expect(own.filter((e) => e.action !== "volunteer.erased").map((e) => e.ip)).toEqual(own.filter((e) => e.action !== "volunteer.erased").map(() => null));
    expect((await t.db.select().from(s.webhookReceipts)).map((r) => r.eventId)).toEqual(["SM" + "00".repeat(16) + ":sent"]);
    const [attached] = await t.db.select().from(s.messages).where(eq(s.messages.id, confirmation.id));
    expect(attached).toMatchObject({ attachments: null, providerId: null, idempotencyKey: null, recipient: null });

    const [inv] = await t.db.select().from(s.invitations).where(eq(s.invitations.id, invitation.id));
    expect(inv).toMatchObject({ volunteerId: null, status: "accepted" });
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, request.id));
    expect(req.acceptedCount).toBe(1);
    const [tokens] = await t.db.select({ n: count() }).from(s.volunteerTokens).where(eq(s.volunteerTokens.volunteerId, v.id));
    expect(tokens.n).toBe(0);
    expect(await volunteerBy(t.db, "bleibt@example.net")).toBeDefined();
    const queued = await t.db.select().from(s.messages).where(eq(s.messages.status, "queued"));
    expect(queued.every((m) => m.recipient !== null)).toBe(true);
  });
});

describe("purge of unconfirmed sign-ups", () => {
  it("deletes registrations never confirmed within 7 days, and keeps newer or confirmed ones", async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await registerVolunteer(await formFor(t.db, { email: "alt@example.net" }), { ip, db: t.db, now: eightDaysAgo });
    await registerVolunteer(await formFor(t.db, { email: "bestaetigt@example.net" }), { ip, db: t.db, now: eightDaysAgo });
    await confirmChannel(await linkToken(t.db, "bestaetigt@example.net", "confirm-email", "confirm"), { db: t.db, now: eightDaysAgo });
    await registerVolunteer(await formFor(t.db, { email: "neu@example.net" }), { ip, db: t.db });

    const report = await runScheduledWork(t.db);
    expect(report.volunteers).toMatchObject({ ok: true, result: { purged: 1, resumed: 0 } });
    expect(await volunteerBy(t.db, "alt@example.net")).toBeUndefined();
    expect(await volunteerBy(t.db, "bestaetigt@example.net")).toBeDefined();
    expect(await volunteerBy(t.db, "neu@example.net")).toBeDefined();
    const [m] = await t.db.select({ n: count() }).from(s.messages).where(eq(s.messages.recipient, "alt@example.net"));
    expect(m.n).toBe(0);
    expect(await purgeUnconfirmedVolunteers(t.db)).toEqual({ purged: 0 });
  });

  it("deletes links and sessions a day after they expired", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    await requestSignInLink(EMAIL, { ip, db: t.db });
    const inAnHour = new Date(Date.now() + 3600_000);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    expect(await runScheduledWork(t.db, inAnHour)).toMatchObject({ volunteers: { ok: true, result: { tokensDeleted: 0 } } });
    expect(await runScheduledWork(t.db, inTwoDays)).toMatchObject({ volunteers: { ok: true, result: { tokensDeleted: 1 } } });
    const left = await t.db.select({ purpose: s.volunteerTokens.purpose }).from(s.volunteerTokens);
    expect(left).toEqual([{ purpose: "confirm_email" }]);
  });

  it("follows the organisation's retention setting", async () => {
    const [org] = await t.db.select().from(s.organizations);
    await t.db.update(s.organizations).set({ settings: { ...org.settings, retention: { unconfirmedDays: 2 } } }).where(eq(s.organizations.id, org.id));
    await registerVolunteer(await formFor(t.db), { ip, db: t.db, now: new Date(Date.now() - 3 * 86_400_000) });
    expect(await purgeUnconfirmedVolunteers(t.db)).toEqual({ purged: 1 });
  });
});

describe("rate limits", () => {
  it("refuse a fourth registration for one address within an hour with a friendly retry time", async () => {
    for (let i = 0; i < RATE_LIMITS.registerPerContact.limit; i++) {
      expect((await registerVolunteer(await formFor(t.db), { ip: `198.51.100.${i}`, db: t.db })).ok).toBe(true);
    }
    const refused = await registerVolunteer(await formFor(t.db), { ip: "198.51.100.99", db: t.db });
    expect(refused).toMatchObject({ ok: false, error: "rate_limited" });
    if (!refused.ok && refused.error === "rate_limited") expect(refused.retryAfterMs).toBeGreaterThan(0);
  });

  it("refuse registrations from one address after the per-IP limit", async () => {
    for (let i = 0; i < RATE_LIMITS.registerPerIp.limit; i++) {
      expect((await registerVolunteer(await formFor(t.db, { email: `p${i}@example.net` }), { ip, db: t.db })).ok).toBe(true);
    }
    expect(await registerVolunteer(await formFor(t.db, { email: "p99@example.net" }), { ip, db: t.db })).toMatchObject({ ok: false, error: "rate_limited" });
    expect(await volunteerBy(t.db, "p99@example.net")).toBeUndefined();
  });

  it("limit sign-in link requests per address, and never send more than the hourly cap to one number", async () => {
    await confirmedVolunteer();
    const results = [];
    for (let i = 0; i < RATE_LIMITS.signInPerContact.limit + 2; i++) results.push(await requestSignInLink("0151 2345 6789", { ip: `198.51.100.${i}`, db: t.db }));
    expect(results.filter((r) => r.ok)).toHaveLength(RATE_LIMITS.signInPerContact.limit);
    expect(results.at(-1)).toMatchObject({ ok: false, error: "rate_limited" });
    const [sent] = await t.db.select({ n: count() }).from(s.messages).where(eq(s.messages.recipient, "+4915123456789"));
    expect(sent.n).toBeLessThanOrEqual(MESSAGES_PER_RECIPIENT_PER_HOUR);
    // the rate-limit table holds no address in clear text
    const keys = await t.db.select({ key: s.rateLimits.key }).from(s.rateLimits);
    expect(keys.some((k) => k.key.includes("4915123456789") || k.key.includes(EMAIL))).toBe(false);
  });

  it("does the same work before answering for a known and an unknown address: the lookup and the link are one deferred job for both", async () => {
    await confirmedVolunteer();
    const queries: string[] = [];
    const counting = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop === "select" || prop === "insert" || prop === "update" || prop === "transaction" || prop === "execute") queries.push(String(prop));
        return Reflect.get(target, prop, receiver);
      },
    });
    const run = async (address: string) => {
      queries.length = 0;
      const jobs: (() => Promise<void>)[] = [];
      const result = await requestSignInLink(address, { ip: "198.51.100.77", db: counting, defer: (job) => void jobs.push(job) });
      return { result, foreground: [...queries], jobs };
    };
    const known = await run(EMAIL);
    const unknown = await run("niemand@example.net");
    expect(known.result).toEqual(unknown.result);
    expect(known.foreground).toEqual(unknown.foreground);
    expect([known.jobs.length, unknown.jobs.length]).toEqual([1, 1]);
    // nothing was sent before the deferred job ran
    expect(await lastMessage(t.db, EMAIL, "sign-in")).toBeUndefined();
    await Promise.all([...known.jobs, ...unknown.jobs].map((job) => job()));
    expect((await lastMessage(t.db, EMAIL, "sign-in"))?.body).toMatch(/\/manage\/[A-Za-z0-9_-]{43}/);
    expect(await lastMessage(t.db, "niemand@example.net")).toBeUndefined();
  });

  it("limit sign-in link requests per IP whether or not the address exists", async () => {
    for (let i = 0; i < RATE_LIMITS.signInPerIp.limit; i++) expect((await requestSignInLink(`x${i}@example.net`, { ip, db: t.db })).ok).toBe(true);
    expect(await requestSignInLink("y@example.net", { ip, db: t.db })).toMatchObject({ ok: false, error: "rate_limited" });
  });
});
