import { readdirSync, readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import { recipientLocaleOfLink } from "@/lib/i18n/recipient-locale";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { ensureMember } from "@/db/seed";
import { createActivity, updateActivity } from "@/lib/activities/manage";
import { createAndSendRequest } from "@/lib/requests/create";
import { previewRequest } from "@/lib/requests/preview";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { resetConfigForTests } from "@/lib/config";
import { updateProfile, loadProfile } from "@/lib/volunteers/profile";
import { registerVolunteer } from "@/lib/volunteers/register";
import { activityOptions } from "@/lib/volunteers/options";
import { requestSignInLink } from "@/lib/volunteers/sign-in";
import { setupTestDatabase } from "../helpers/db";
import { parseIcs } from "../helpers/ics";
import { activityByKey, coordinator, requestInput, volunteer } from "../helpers/requests";
import { formFor, lastMessage, linkToken, volunteerBy } from "../helpers/volunteers";

/**
 * Every message is rendered in its recipient's language: requests, confirmations, notices,
 * sign-in and confirmation links, SMS answers. What a coordinator typed stays as typed.
 */
const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const tr = (locale: Locale) => translator(locale, "requests");
const messagesTo = (volunteerId: string, kind: string) =>
  t.db.select().from(s.messages).where(and(eq(s.messages.volunteerId, volunteerId), eq(s.messages.kind, kind)));
const tokenOf = (body: string) => body.match(/\/r\/([A-Za-z0-9_-]{22})\b/)![1];

describe("request messages per recipient language", () => {
  it("asks each volunteer in their own language, with the coordinator's text as typed and the activity translated", async () => {
    const de = await volunteer(t.db, { activities: [driving], locale: "de" });
    const ar = await volunteer(t.db, { activities: [driving], locale: "ar" });
    const uk = await volunteer(t.db, { activities: [driving], locale: "uk" });
    const fa = await volunteer(t.db, { activities: [driving], locale: "fa", contactPreference: "sms", email: null, emailConfirmedAt: null, phone: "+4915200007001", phoneConfirmedAt: new Date() });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 2 }));
    expect(r.ok).toBe(true);

    const [deMail] = await messagesTo(de.id, "invitation");
    const [arMail] = await messagesTo(ar.id, "invitation");
    const [ukMail] = await messagesTo(uk.id, "invitation");
    const [faSms] = await messagesTo(fa.id, "invitation");
    expect([deMail.locale, arMail.locale, ukMail.locale, faSms.locale]).toEqual(["de", "ar", "uk", "fa"]);

    for (const [m, l] of [[deMail, "de"], [arMail, "ar"], [ukMail, "uk"]] as const) {
      expect(m.body, l).toContain(tr(l)("mail.accept"));
      expect(m.body, l).toContain(tr(l)("mail.decline"));
      expect(m.body, l).toContain(translator(l, "mail")("footerManage"));
      // typed by the coordinator: unchanged in every language
      expect(m.subject, l).toContain("Fahrt zur Ausländerbehörde");
      expect(m.body, l).toContain("Familie mit zwei Kindern, Treffpunkt am Eingang.");
    }
    expect(arMail.body).toContain("خدمة التوصيل");
    expect(ukMail.body).toContain("Перевезення");
    expect(deMail.body).toContain("Fahrdienst");
    expect(arMail.html).toContain('<html lang="ar" dir="rtl">');
    expect(ukMail.html).toContain('<html lang="uk" dir="ltr">');
    expect(faSms.channel).toBe("sms");
    expect(faSms.body).toMatch(/[\u0600-\u06FF]/); // Persian script around the typed title
    expect(faSms.body).toContain("Fahrt zur");
    expect(renderStoredTexts(faSms).body).toMatch(/\/r\/[A-Za-z0-9_-]{22}\b/);
  });

  it("confirms in the helper's language with a calendar entry in it, and tells the others in theirs", async () => {
    const ar = await volunteer(t.db, { activities: [driving], locale: "ar" });
    const ru = await volunteer(t.db, { activities: [driving], locale: "ru" });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1 }));
    if (!r.ok) throw new Error("not created");
    const [arInvite] = await messagesTo(ar.id, "invitation");
    const answer = await respondToInvitation(t.db, { tokenHash: hashToken(tokenOf(renderStoredTexts(arInvite).body!)), answer: "accept", via: "web" });
    expect(answer).toMatchObject({ ok: true, outcome: "accepted" });

    const [confirmation] = await messagesTo(ar.id, "confirmation");
    expect(confirmation.locale).toBe("ar");
    expect(confirmation.subject).toBe(tr("ar")("mail.confirmSubject", { title: "Fahrt zur Ausländerbehörde" }));
    const ics = confirmation.attachments![0].content;
    expect(parseIcs(ics).summary).toBe("Fahrt zur Ausländerbehörde");
    expect(parseIcs(ics).vevent.getFirstSubcomponent("valarm")?.getFirstPropertyValue("description")).toBe(tr("ar")("ics.reminder", { title: "Fahrt zur Ausländerbehörde" }));

    const [filled] = await messagesTo(ru.id, "request-filled");
    expect(filled.locale).toBe("ru");
    expect(filled.subject).toBe(tr("ru")("mail.filledSubject", { title: "Fahrt zur Ausländerbehörde" }));
  });

  it("shows the response page in the helper's language and opens message links in it", async () => {
    const uk = await volunteer(t.db, { activities: [driving], locale: "uk" });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1 }));
    if (!r.ok) throw new Error("not created");
    const [invite] = await messagesTo(uk.id, "invitation");
    const token = tokenOf(renderStoredTexts(invite).body!);
    const view = await getInvitationView(t.db, hashToken(token));
    expect(view).toMatchObject({ locale: "uk", request: { activityNames: expect.objectContaining({ uk: "Перевезення" }) } });
    expect(await recipientLocaleOfLink(t.db, `/r/${token}`)).toBe("uk");
    expect(await recipientLocaleOfLink(t.db, `/r/${token}/calendar.ics`)).toBe("uk");
    expect(await recipientLocaleOfLink(t.db, `/r/${"B".repeat(43)}`)).toBeNull();
    expect(await recipientLocaleOfLink(t.db, "/register")).toBeNull();
  });

  it("answers SMS replies in the sender's language, also to a yes in their own words", async () => {
    const ar = await volunteer(t.db, { activities: [driving], locale: "ar", contactPreference: "sms", email: null, emailConfirmedAt: null, phone: "+4915200007002", phoneConfirmedAt: new Date() });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1, channels: "sms" }));
    if (!r.ok) throw new Error("not created");
    const out = await handleInboundSms(t.db, { from: ar.phone!, body: "نعم" }, smsAnswerHandler);
    expect(out).toMatchObject({ action: "answered", reply: translator("ar", "sms")("accepted", { title: "Fahrt zur Ausländerbehörde" }) });
    const help = await handleInboundSms(t.db, { from: ar.phone!, body: "مرحبا" }, smsAnswerHandler);
    expect(help).toMatchObject({ action: "help", reply: translator("ar", "sms")("help", { example: "YES K7F" }) });
  });

  it("shows the coordinator the SMS and its segments per language of the matching volunteers", async () => {
    const sms = (locale: Locale, n: number) => volunteer(t.db, { activities: [driving], locale, contactPreference: "sms", email: null, emailConfirmedAt: null, phone: `+49152000071${n}`, phoneConfirmedAt: new Date() });
    await sms("de", 10);
    await sms("de", 11);
    await sms("ar", 12);
    await sms("tr", 13);
    await volunteer(t.db, { activities: [driving], locale: "uk" }); // e-mail only: no SMS
    const p = await previewRequest(t.db, actor, { ...requestInput(driving), languages: [] });
    expect(p.matches).toBe(5);
    expect(p.smsByLocale.map((l) => [l.locale, l.recipients])).toEqual([["de", 2], ["ar", 1], ["tr", 1]]);
    const arabic = p.smsByLocale.find((l) => l.locale === "ar")!;
    expect(arabic.encoding).toBe("UCS-2");
    expect(arabic.text).toContain("Fahrt zur");
    expect(p.smsByLocale.find((l) => l.locale === "de")!.text).toBe(p.sms.text);
  });
  it("shows per language the segments, the cost for its recipients and how many more than German; with SMS_LINK_BASE_URL the SMS links go to the short host", async () => {
    const sms = (locale: Locale, n: number) => volunteer(t.db, { activities: [driving], locale, contactPreference: "sms", email: null, emailConfirmedAt: null, phone: `+49152000072${n}`, phoneConfirmedAt: new Date() });
    await sms("de", 20);
    await sms("uk", 21);
    await sms("uk", 22);
    const email = await volunteer(t.db, { activities: [driving], locale: "de" });
    const saved = { ...process.env };
    Object.assign(process.env, { APP_URL: "https://helfen.example.org", SMS_LINK_BASE_URL: "https://hr.example", SMS_SEGMENT_PRICE_CENTS: "8" });
    resetConfigForTests();
    try {
      const p = await previewRequest(t.db, actor, { ...requestInput(driving), languages: [] });
      expect(p.sms).toMatchObject({ segments: 1, costCents: 8 });
      expect(p.sms.text).toContain("https://hr.example/r/");
      expect(p.email.text).toContain("https://helfen.example.org/r/");
      expect(p.smsLinkHost).toEqual({ host: "hr.example", short: true });
      const uk = p.smsByLocale.find((l) => l.locale === "uk")!;
      expect(uk).toMatchObject({ recipients: 2, encoding: "UCS-2", segments: 2, costCents: 16, totalCents: 32, moreThanGerman: 1 });
      expect(p.smsByLocale.find((l) => l.locale === "de")).toMatchObject({ recipients: 1, moreThanGerman: 0, totalCents: 8 });

      const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1 }));
      if (!r.ok) throw new Error("not created");
      const stored = await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, r.requestId), eq(s.messages.kind, "invitation")));
      const bodies = stored.map((m) => ({ channel: m.channel, body: renderStoredTexts(m).body! }));
      const smsBodies = bodies.filter((m) => m.channel === "sms");
      expect(smsBodies).toHaveLength(3);
      for (const m of smsBodies) expect(m.body).toMatch(/https:\/\/hr\.example\/r\/[A-Za-z0-9_-]{22}$/);
      const mail = bodies.find((m) => m.channel === "email")!;
      expect(mail.body).toContain("https://helfen.example.org/r/");
      expect(mail.body).not.toContain("hr.example");
      void email;
    } finally {
      for (const k of ["APP_URL", "SMS_LINK_BASE_URL", "SMS_SEGMENT_PRICE_CENTS"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      resetConfigForTests();
    }
  });
});

describe("volunteers choose their message language", () => {
  it("registers in Ukrainian: the confirmation comes in Ukrainian, and the profile can change it", async () => {
    const form = await formFor(t.db, { email: "olena@example.net", locale: "uk" });
    expect(await registerVolunteer(form, { ip: "203.0.113.9", db: t.db })).toEqual({ ok: true });
    const v = await volunteerBy(t.db, "olena@example.net");
    expect(v.locale).toBe("uk");
    const confirm = await lastMessage(t.db, "olena@example.net", "confirm-email");
    expect(confirm.locale).toBe("uk");
    expect(confirm.subject).toBe(translator("uk", "volunteerMessages")("confirm-email.subject", { org: "Helferkreis Musterstadt", name: "Anna" }));
    expect(await recipientLocaleOfLink(t.db, `/confirm/${await linkToken(t.db, "olena@example.net", "confirm-email", "confirm")}`)).toBe("uk");

    const profile = (await loadProfile(v.id, t.db))!;
    expect(await updateProfile(v.id, { ...profile.values, locale: "tr" }, { db: t.db })).toMatchObject({ ok: true });
    expect((await volunteerBy(t.db, "olena@example.net")).locale).toBe("tr");
    await requestSignInLink("olena@example.net", { ip: "203.0.113.9", db: t.db });
    expect((await lastMessage(t.db, "olena@example.net", "sign-in")).locale).toBe("tr");
  });

  it("refuses a message language it does not speak, and stores nothing", async () => {
    const form = await formFor(t.db, { email: "x@example.net", locale: "xx" });
    expect(await registerVolunteer(form, { ip: "203.0.113.9", db: t.db })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { locale: "choose_one" } });
    expect(await volunteerBy(t.db, "x@example.net")).toBeUndefined();
  });

  it("cannot store an unsupported locale even by mistake (database CHECK)", async () => {
    await expect(volunteer(t.db, { locale: "xx" })).rejects.toThrow();
    for (const locale of ["de", "en", "ar", "fa", "uk", "ru", "tr"]) expect((await volunteer(t.db, { locale })).locale).toBe(locale);
  });
});

describe("activity names per language", () => {
  const adminOf = async (): Promise<AdminActor> => {
    const { user } = await ensureMember(t.db, actor.organizationId, "admin@example.org", "admin");
    return { userId: user.id, email: user.email, organizationId: actor.organizationId, role: "admin" };
  };
  const nameIn = async (locale: Locale, id: string) => (await activityOptions(t.db, actor.organizationId, locale)).find((a) => a.id === id)!;

  it("are seeded for the default activities and shown to volunteers in their language", async () => {
    expect((await nameIn("ar", driving)).name).toBe("خدمة التوصيل");
    expect((await nameIn("tr", driving)).description).toContain("randevulara");
    expect((await nameIn("de", driving)).name).toBe("Fahrdienst");
  });

  it("are edited per language by admins; an empty one shows German", async () => {
    const admin = await adminOf();
    const created = await createActivity(admin, { nameDe: "Gartenarbeit", nameEn: "Gardening", nameUk: "Робота в саду", descriptionRu: "Помогать в саду." }, { ip: null });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await nameIn("uk", created.id)).name).toBe("Робота в саду");
    expect((await nameIn("ru", created.id)).description).toBe("Помогать в саду.");
    expect((await nameIn("ar", created.id)).name).toBe("Gartenarbeit");

    expect(await updateActivity(admin, { id: created.id, nameDe: "Gartenarbeit", nameEn: "Gardening", nameAr: "أعمال الحديقة" }, { ip: null })).toEqual({ ok: true });
    expect((await nameIn("ar", created.id)).name).toBe("أعمال الحديقة");
    expect((await nameIn("uk", created.id)).name).toBe("Gartenarbeit");
    expect(await updateActivity(admin, { id: created.id, nameDe: "Gartenarbeit", nameEn: "Gardening", nameFa: "x".repeat(81) }, { ip: null })).toMatchObject({ ok: false, fieldErrors: { nameFa: "too_long" } });
  });
});

describe("the migration for existing installations", () => {
  // db/migrations/NNNN_volunteer_locales.sql (the number may change when branches are merged)
  const file = readdirSync("db/migrations").find((f) => f.endsWith("_volunteer_locales.sql"))!;
  const statements = readFileSync(`db/migrations/${file}`, "utf8").split("--> statement-breakpoint").map((x) => x.trim());
  const run = async (startsWith: string) => {
    for (const st of statements.filter((x) => x.replace(/^(--.*\n)+/, "").startsWith(startsWith))) await t.db.execute(sql.raw(st));
  };

  it("translates the default activities still named as by default, and leaves renamed ones German", async () => {
    const childcare = await activityByKey(t.db, "childcare");
    await t.db.update(s.activities).set({ names: {}, descriptions: {} }).where(eq(s.activities.organizationId, actor.organizationId));
    await t.db.update(s.activities).set({ nameDe: "Kinderbetreuung im Café" }).where(eq(s.activities.id, childcare.id));
    await run('UPDATE "activities"');
    const rows = await t.db.select().from(s.activities);
    expect(rows.find((a) => a.key === "driving")!.names).toMatchObject({ ar: "خدمة التوصيل", uk: "Перевезення" });
    expect(rows.find((a) => a.id === childcare.id)!.names).toEqual({});
  });

  it("moves language codes that duplicate another entry to the one offered", async () => {
    const v = await volunteer(t.db, { languages: ["ku", "kmr", "tw", "nb"] });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving));
    if (!r.ok) throw new Error("not created");
    await t.db.update(s.requests).set({ languages: ["ku", "nb", "nn", "fr"] }).where(eq(s.requests.id, r.requestId));
    await run('INSERT INTO "volunteer_languages"');
    await run('DELETE FROM "volunteer_languages"');
    await run('UPDATE "requests"');
    const langs = await t.db.select().from(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, v.id));
    expect(langs.map((l) => l.language).sort()).toEqual(["ak", "kmr", "no"]);
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, r.requestId));
    expect([...req.languages].sort()).toEqual(["fr", "kmr", "no"]);
  });
});
