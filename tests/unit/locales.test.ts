import { getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { isolateIn, isolateLtrRuns } from "@/i18n/bidi";
import { adminLocales, intlLocale, localeDirection, localeNames, toAdminLocale, toLocale, volunteerLocales } from "@/i18n/config";
import { messageLinkOf, resolveLocale } from "@/i18n/resolve";
import { activityDescription, activityName } from "@/lib/activities/names";
import { DEFAULT_ACTIVITIES } from "@/lib/activities/defaults";
import { formatWhen } from "@/lib/requests/messages";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { messageLanguageChoices } from "@/lib/volunteers/options";

const TOKEN = "A".repeat(43);

describe("the locales", () => {
  it("are German first, English, then the refugee-aid languages; the coordinator area only German and English", () => {
    expect(volunteerLocales).toEqual(["de", "en", "ar", "fa", "uk", "ru", "tr"]);
    expect(adminLocales).toEqual(["de", "en"]);
  });

  it("fall back to German for anything unknown, never fail", () => {
    for (const bad of ["xx", "", "DE", "ar-EG", null, undefined, 42, {}]) expect(toLocale(bad)).toBe("de");
    expect(toLocale("uk")).toBe("uk");
    expect(toAdminLocale("ar")).toBe("de");
    expect(toAdminLocale("en")).toBe("en");
  });

  it("writes Arabic and Persian right to left, the others left to right", () => {
    expect(volunteerLocales.filter((l) => localeDirection(l) === "rtl")).toEqual(["ar", "fa"]);
    expect(localeDirection("something")).toBe("ltr");
  });

  it("names each language in its own name, and says that Persian serves Dari readers", () => {
    expect(localeNames).toEqual({ de: "Deutsch", en: "English", ar: "العربية", fa: "فارسی / دری", uk: "Українська", ru: "Русский", tr: "Türkçe" });
  });

  it("offers the message language in its own name with the page language's name beside it", () => {
    const choices = messageLanguageChoices("de");
    expect(choices.find((c) => c.code === "ar")).toEqual({ code: "ar", name: "العربية", dir: "rtl", inPageLanguage: "Arabisch" });
    expect(choices.find((c) => c.code === "de")!.inPageLanguage).toBeNull();
    expect(messageLanguageChoices("uk").find((c) => c.code === "de")!.inPageLanguage).toBe("німецька");
  });

  it("formats Persian dates in the Gregorian calendar and every time on a 24-hour clock", () => {
    expect(new Intl.DateTimeFormat(intlLocale.fa).resolvedOptions().calendar).toBe("gregory");
    const start = new Date("2026-05-12T13:00:00Z");
    const end = new Date("2026-05-12T15:00:00Z");
    expect(formatWhen("fa", "Europe/Berlin", start, end)).toContain("۲۰۲۶");
    expect(formatWhen("ar", "Europe/Berlin", start, end)).toContain("15:00");
    expect(formatWhen("en", "Europe/Berlin", start, end)).toContain("15:00");
  });

  it("allows exactly these message languages in the database", () => {
    const check = getTableConfig(s.volunteers).checks.find((c) => c.name === "volunteers_locale_ck")!;
    const sqlText = (check.value as unknown as { queryChunks: { value?: string[] }[] }).queryChunks.flatMap((c) => c.value ?? []).join("");
    expect([...sqlText.matchAll(/'([a-z]{2})'/g)].map((m) => m[1])).toEqual([...volunteerLocales]);
  });
});

describe("the language of a page", () => {
  const recipient = (l: string | null) => async () => l;

  it("keeps the coordinator area German or English, whatever the visitor chose", async () => {
    expect(await resolveLocale({ pathname: "/admin", cookie: "ar" })).toBe("de");
    expect(await resolveLocale({ pathname: "/admin/requests/new", cookie: "en" })).toBe("en");
    expect(await resolveLocale({ pathname: "/admin/sign-in", cookie: "fa" })).toBe("de");
    expect(await resolveLocale({ pathname: "/dev/outbox", cookie: "uk" })).toBe("de");
    // not the coordinator area, only a similar name
    expect(await resolveLocale({ pathname: "/administration", cookie: "ar" })).toBe("ar");
  });

  it("follows the visitor's choice on every volunteer page", async () => {
    for (const l of volunteerLocales) expect(await resolveLocale({ pathname: "/register", cookie: l })).toBe(l);
    expect(await resolveLocale({ pathname: "/register", cookie: "klingonisch" })).toBe("de");
    expect(await resolveLocale({ pathname: "/" })).toBe("de");
  });

  it("opens a message link in the recipient's language unless this browser chose one", async () => {
    expect(await resolveLocale({ pathname: `/r/${TOKEN}`, recipientLocale: recipient("ar") })).toBe("ar");
    expect(await resolveLocale({ pathname: `/r/${TOKEN}/calendar.ics`, recipientLocale: recipient("uk") })).toBe("uk");
    expect(await resolveLocale({ pathname: `/confirm/${TOKEN}`, recipientLocale: recipient("fa") })).toBe("fa");
    expect(await resolveLocale({ pathname: `/manage/${TOKEN}`, recipientLocale: recipient("tr") })).toBe("tr");
    expect(await resolveLocale({ pathname: `/r/${TOKEN}`, cookie: "de", recipientLocale: recipient("ar") })).toBe("de");
    // unknown token, a stored value no longer supported, a failing lookup: German
    expect(await resolveLocale({ pathname: `/r/${TOKEN}`, recipientLocale: recipient(null) })).toBe("de");
    expect(await resolveLocale({ pathname: `/r/${TOKEN}`, recipientLocale: recipient("xx") })).toBe("de");
    expect(await resolveLocale({ pathname: `/r/${TOKEN}`, recipientLocale: () => Promise.reject(new Error("database down")) })).toBe("de");
    // not a message link: no lookup at all
    expect(messageLinkOf("/r/short")).toBeNull();
    expect(messageLinkOf("/manage")).toBeNull();
  });
});

describe("text direction inside sentences and e-mails", () => {
  it("isolates values only in right-to-left languages", () => {
    expect(isolateIn("ar", "Maja")).toBe("\u2068Maja\u2069");
    expect(isolateIn("de", "Maja")).toBe("Maja");
  });

  it("gives e-mails the language and direction of their recipient", () => {
    const mail = renderEmail({ locale: "ar", subject: "x", paragraphs: ["نص", { typed: "Treffpunkt am Eingang" }], facts: [{ label: "متى", value: "12/05" }], volunteerFooter: true });
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('<body dir="rtl"');
    expect(mail.html).toContain('<p dir="auto" style="margin:0 0 16px">Treffpunkt am Eingang</p>');
    expect(mail.html).toContain("text-align:right");
    expect(mail.html).toMatch(/<a href="http[^"]+" dir="ltr"/);
    const de = renderEmail({ locale: "de", subject: "x", paragraphs: ["Text"] });
    expect(de.html).toContain('<html lang="de" dir="ltr">');
  });
});

describe("activity names per language", () => {
  const driving = DEFAULT_ACTIVITIES[0];

  it("are seeded for the 13 default activities in every volunteer language", () => {
    expect(DEFAULT_ACTIVITIES).toHaveLength(13);
    for (const a of DEFAULT_ACTIVITIES) {
      for (const l of ["ar", "fa", "uk", "ru", "tr"] as const) {
        expect(a.names[l].trim(), `${a.key}.${l}`).not.toBe("");
        expect(a.descriptions[l].trim(), `${a.key}.${l}`).not.toBe("");
      }
    }
  });

  it("fall back to German when a translation is missing", () => {
    expect(activityName(driving, "uk")).toBe("Перевезення");
    expect(activityName(driving, "en")).toBe("Driving service");
    expect(activityName({ nameDe: "Neu", nameEn: "New", names: {} }, "ar")).toBe("Neu");
    expect(activityName({ nameDe: "Neu", nameEn: "New", names: { ar: "  " } }, "ar")).toBe("Neu");
    expect(activityDescription({ nameDe: "Neu", nameEn: "New", descriptionDe: "Beschreibung", descriptions: null }, "fa")).toBe("Beschreibung");
    // a request joined with its activity reads the same way
    expect(activityName({ activityNameDe: "Fahrdienst", activityNameEn: "Driving", activityNames: { fa: "رانندگی" } }, "fa")).toBe("رانندگی");
    expect(activityName({ activityNameDe: "Fahrdienst", activityNameEn: "Driving" }, "ru")).toBe("Fahrdienst");
  });
});

describe("numbers, addresses and links inside right-to-left texts", () => {
  it("stay left to right: phone numbers, e-mail addresses and links are isolated", () => {
    const hint = "للرسائل النصية، مثل 0151 2345 6789 أو +49 151 2345 6789. مثال: name@example.com. https://example.org/r/x";
    expect(isolateLtrRuns("ar", hint)).toBe(
      "للرسائل النصية، مثل \u20660151 2345 6789\u2069 أو \u2066+49 151 2345 6789\u2069. مثال: \u2066name@example.com\u2069. \u2066https://example.org/r/x\u2069",
    );
    expect(isolateLtrRuns("uk", "наприклад 0151 2345 6789")).toBe("наприклад 0151 2345 6789");
  });
});
