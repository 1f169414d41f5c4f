import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { reachableChannels } from "@/lib/volunteers/channels";
import { confirmChannel, inspectConfirmToken } from "@/lib/volunteers/confirm";
import { registerVolunteer } from "@/lib/volunteers/register";
import { findVolunteerSession, inspectSignInToken, redeemSignInLink, requestSignInLink } from "@/lib/volunteers/sign-in";
import { generateToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { formFor, lastMessage, linkToken, volunteerBy } from "../helpers/volunteers";

const t = setupTestDatabase();
const ip = "203.0.113.5";

async function counts() {
  const [v] = await t.db.select({ n: count() }).from(s.volunteers);
  const [m] = await t.db.select({ n: count() }).from(s.messages);
  const [a] = await t.db.select({ n: count() }).from(s.volunteerActivities);
  return { volunteers: v.n, messages: m.n, activities: a.n };
}

describe("registration", () => {
  it("stores a pending volunteer with everything entered and sends one confirmation link per channel", async () => {
    const form = await formFor(t.db, { email: "Anna.Testfrau@Example.NET", phone: "0151 2345 6789", contactPreference: "both", flexible: false });
    expect(await registerVolunteer(form, { ip, db: t.db })).toEqual({ ok: true });
    const v = await volunteerBy(t.db, "anna.testfrau@example.net");
    expect(v).toMatchObject({ status: "pending", phone: "+4915123456789", contactPreference: "both", hasDrivingLicence: true, postalCode: "12345", consentChannel: "web" });
    expect(v.consentVersion).toMatch(/\S/);
    expect(v.consentAt).toBeInstanceOf(Date);
    expect(v.emailConfirmedAt).toBeNull();
    expect(v.phoneConfirmedAt).toBeNull();
    expect(await t.db.select().from(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, v.id))).toHaveLength(2);
    expect(await t.db.select().from(s.volunteerAvailability).where(eq(s.volunteerAvailability.volunteerId, v.id))).toHaveLength(2);
    const mail = await lastMessage(t.db, "anna.testfrau@example.net", "confirm-email");
    const sms = await lastMessage(t.db, "+4915123456789", "confirm-phone");
    expect(mail.channel).toBe("email");
    expect(mail.html).toContain("/confirm/");
    expect(mail.body).toContain("/manage"); // every message carries the manage / stop link
    expect(sms.channel).toBe("sms");
    expect(sms.body).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(sms.body).toContain("/manage");
    // only hashes are stored
    const tokens = await t.db.select().from(s.volunteerTokens).where(eq(s.volunteerTokens.volunteerId, v.id));
    const raw = await linkToken(t.db, "anna.testfrau@example.net", "confirm-email", "confirm");
    expect(tokens.map((x) => x.tokenHash)).not.toContain(raw);
    expect(reachableChannels(v)).toEqual([]);
  });

  it("stores nothing at all when any field is wrong", async () => {
    const before = await counts();
    const result = await registerVolunteer(await formFor(t.db, { firstName: "<img src=x onerror=alert(1)>", phone: "030 1234567", contactPreference: "both", consent: false }), { ip, db: t.db });
    expect(result).toEqual({ ok: false, error: "invalid", fieldErrors: { firstName: "name_chars", phone: "phone_not_mobile", consent: "consent_required" } });
    expect(await counts()).toEqual(before);
  });

  it("refuses activities of another organisation or deactivated ones", async () => {
    const [a] = await t.db.select().from(s.activities).limit(1);
    await t.db.update(s.activities).set({ active: false }).where(eq(s.activities.id, a.id));
    const result = await registerVolunteer(await formFor(t.db, { activities: [a.id] }), { ip, db: t.db });
    expect(result).toMatchObject({ ok: false, fieldErrors: { activities: "activity_unknown" } });
    expect((await counts()).volunteers).toBe(0);
  });
});

describe("double opt-in per channel", () => {
  it("confirms only the channel whose link was used; opening the link changes nothing", async () => {
    await registerVolunteer(await formFor(t.db, { phone: "0151 2345 6789", contactPreference: "both" }), { ip, db: t.db });
    const emailToken = await linkToken(t.db, "anna.testfrau@example.net", "confirm-email", "confirm");
    const smsToken = await linkToken(t.db, "+4915123456789", "confirm-phone", "confirm");

    expect(await inspectConfirmToken(emailToken, new Date(), t.db)).toMatchObject({ state: "ready", channel: "email", needsConsent: false });
    expect(await inspectConfirmToken(emailToken, new Date(), t.db)).toMatchObject({ state: "ready", channel: "email", needsConsent: false });
    let v = await volunteerBy(t.db, "anna.testfrau@example.net");
    expect(v.status).toBe("pending");

    expect(await confirmChannel(emailToken, { db: t.db })).toEqual({ ok: true, state: "confirmed", channel: "email" });
    v = await volunteerBy(t.db, "anna.testfrau@example.net");
    expect(v.status).toBe("active");
    expect(v.emailConfirmedAt).not.toBeNull();
    expect(v.phoneConfirmedAt).toBeNull();
    expect(reachableChannels(v)).toEqual(["email"]);

    expect(await confirmChannel(emailToken, { db: t.db })).toEqual({ ok: true, state: "already", channel: "email" });
    expect(await inspectConfirmToken(emailToken, new Date(), t.db)).toEqual({ state: "already", channel: "email" });

    expect(await confirmChannel(smsToken, { db: t.db })).toEqual({ ok: true, state: "confirmed", channel: "sms" });
    v = await volunteerBy(t.db, "anna.testfrau@example.net");
    expect(reachableChannels(v)).toEqual(["email", "sms"]);
  });

  it("treats unknown, tampered and expired links alike and reveals nothing", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    const token = await linkToken(t.db, "anna.testfrau@example.net", "confirm-email", "confirm");
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [generateToken(), tampered, "../../etc/passwd", "", token + "x"]) {
      expect(await inspectConfirmToken(bad, new Date(), t.db)).toEqual({ state: "invalid" });
      expect(await confirmChannel(bad, { db: t.db })).toEqual({ ok: false, error: "invalid" });
    }
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect(await inspectConfirmToken(token, later, t.db)).toEqual({ state: "invalid" });
    expect(await confirmChannel(token, { db: t.db, now: later })).toEqual({ ok: false, error: "invalid" });
    expect((await volunteerBy(t.db, "anna.testfrau@example.net")).status).toBe("pending");
  });
});

describe("no enumeration", () => {
  it("answers a second registration with the same address exactly like a new one, and tells the owner instead", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    await confirmChannel(await linkToken(t.db, "anna.testfrau@example.net", "confirm-email", "confirm"), { db: t.db });
    const before = await counts();

    const again = await registerVolunteer(await formFor(t.db, { firstName: "Eve", lastName: "Angreiferin" }), { ip: "198.51.100.9", db: t.db });
    const fresh = await registerVolunteer(await formFor(t.db, { email: "neu@example.net" }), { ip: "198.51.100.9", db: t.db });
    expect(again).toEqual(fresh);

    const after = await counts();
    expect(after.volunteers).toBe(before.volunteers + 1); // only the new address
    const notice = await lastMessage(t.db, "anna.testfrau@example.net");
    expect(notice.kind).toBe("already-registered");
    expect(notice.body).toMatch(/\/manage\/[A-Za-z0-9_-]{43}/);
    expect(notice.body).not.toContain("Eve");
    expect((await volunteerBy(t.db, "anna.testfrau@example.net")).firstName).toBe("Anna");
  });

  it("sends a fresh confirmation link when the existing registration was never confirmed", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    const rows = await t.db.select().from(s.messages).where(eq(s.messages.recipient, "anna.testfrau@example.net"));
    expect(rows.map((r) => r.kind)).toEqual(["confirm-email", "confirm-email"]);
    expect((await counts()).volunteers).toBe(1);
  });

  it("answers sign-in requests the same for known and unknown addresses; only the owner gets a link", async () => {
    await registerVolunteer(await formFor(t.db, { phone: "0151 2345 6789", contactPreference: "both" }), { ip, db: t.db });
    const known = await requestSignInLink("Anna.Testfrau@example.net", { ip, db: t.db });
    const unknown = await requestSignInLink("niemand@example.net", { ip, db: t.db });
    expect(known).toEqual(unknown);
    expect(await requestSignInLink("+49 151 23456789", { ip, db: t.db })).toEqual(await requestSignInLink("0170 9999999", { ip, db: t.db }));
    expect((await lastMessage(t.db, "anna.testfrau@example.net", "sign-in")).body).toMatch(/\/manage\/[A-Za-z0-9_-]{43}/);
    expect((await lastMessage(t.db, "+4915123456789", "sign-in")).channel).toBe("sms");
    expect(await lastMessage(t.db, "niemand@example.net")).toBeUndefined();
    expect(await lastMessage(t.db, "+491709999999")).toBeUndefined();
  });
});

describe("sign-in links", () => {
  it("open a session once, expire after 30 minutes, and a GET leaves them usable", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    await requestSignInLink("anna.testfrau@example.net", { ip, db: t.db });
    const token = await linkToken(t.db, "anna.testfrau@example.net", "sign-in", "manage");
    expect(await inspectSignInToken(token, new Date(), t.db)).toBe(true);
    expect(await inspectSignInToken(token, new Date(Date.now() + 31 * 60_000), t.db)).toBe(false);
    expect(await redeemSignInLink(token, { db: t.db, now: new Date(Date.now() + 31 * 60_000) })).toEqual({ ok: false, error: "invalid" });

    const first = await redeemSignInLink(token, { db: t.db });
    expect(first.ok).toBe(true);
    expect(await redeemSignInLink(token, { db: t.db })).toEqual({ ok: false, error: "invalid" });
    expect(await inspectSignInToken(token, new Date(), t.db)).toBe(false);
    if (!first.ok) return;
    const session = await findVolunteerSession(t.db, first.sessionToken);
    expect(session?.volunteerId).toBe((await volunteerBy(t.db, "anna.testfrau@example.net")).id);
    expect(await findVolunteerSession(t.db, first.sessionToken, new Date(Date.now() + 15 * 86_400_000))).toBeNull();
    expect(await findVolunteerSession(t.db, token)).toBeNull(); // a sign-in link is not a session
  });
});

describe("at the same moment", () => {
  it.runIf(onPostgres())("ten parallel registrations with one address create one volunteer and answer all the same", async () => {
    const form = await formFor(t.db);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => registerVolunteer(form, { ip: `198.51.100.${i}`, db: t.db })));
    const ok = results.filter((r) => r.ok).length;
    const limited = results.filter((r) => !r.ok && r.error === "rate_limited").length;
    expect(ok + limited).toBe(10);
    expect((await counts()).volunteers).toBe(1);
  });

  it.runIf(onPostgres())("a sign-in link tapped ten times at once opens exactly one session", async () => {
    await registerVolunteer(await formFor(t.db), { ip, db: t.db });
    await requestSignInLink(EMAIL_FOR_RACE, { ip, db: t.db });
    const token = await linkToken(t.db, EMAIL_FOR_RACE, "sign-in", "manage");
    const results = await Promise.all(Array.from({ length: 10 }, () => redeemSignInLink(token, { db: t.db })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const sessions = await t.db.select().from(s.volunteerTokens).where(eq(s.volunteerTokens.purpose, "volunteer_session"));
    expect(sessions).toHaveLength(1);
  });
});

const EMAIL_FOR_RACE = "anna.testfrau@example.net";
