import { describe, expect, it } from "vitest";
import { volunteerLocales, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { replyExample } from "@/lib/messaging/sms-replies";
import { analyzeSms, segmentsAs } from "@/lib/messaging/sms-segments";
import { formatWhenShort, invitationSms, type MessageOrg, type MessageRequest } from "@/lib/requests/messages";

/**
 * The request SMS in every message language, counted like the provider counts (GSM-7 160 / 153
 * characters per segment; anything else UCS-2, 70 / 67). Arabic, Persian and Cyrillic letters are
 * UCS-2, so sender, time and a link leave no room in one 70-character segment: where the German SMS
 * with a link fits one segment, a UCS-2 one needs two. The rule (lib/requests/messages.ts
 * localizedSms): no more segments than the German SMS itself needs, else the fewest reachable with
 * an 8-character title. The whole table per kind and language: tests/unit/sms-parity.test.ts.
 */

// a response link as sent: /r/ and 22 characters (lib/requests/tokens.ts)
const link = `https://helferruf.example.org/r/${"A".repeat(22)}`;
const legacyLink = `https://helferruf.example.org/r/${"A".repeat(43)}`;
const typical: MessageOrg = { id: "org", name: "Helferkreis Musterstadt", timeZone: "Europe/Berlin", smsSenderName: "Helferkreis" };
const request = (title: string): MessageRequest => ({
  id: "r",
  title,
  details: "",
  place: "",
  startsAt: new Date("2026-05-12T07:00:00Z"),
  endsAt: new Date("2026-05-12T09:00:00Z"),
  helpersNeeded: 2,
  acceptedCount: 0,
  activityNameDe: "Fahrdienst",
  activityNameEn: "Driving service",
});
const segments = (text: string) => analyzeSms(text).segments;

/** The fewest segments a language can reach: its fixed text, the link and an 8-character title. */
function floorOf(org: MessageOrg, r: MessageRequest, locale: Locale) {
  const t = translator(locale, "requests");
  const when = formatWhenShort(locale, org.timeZone, r.startsAt);
  return segments(t("sms.invitation", { org: org.smsSenderName ?? org.name, title: `${r.title.slice(0, 8)}...`, when, link }));
}

describe("the request SMS in every language", () => {
  const orgs: [string, MessageOrg, string][] = [
    ["a typical organisation", typical, link],
    ["a long name without an SMS sender name", { ...typical, name: "Freiwilligenagentur der Stadt Musterstadt", smsSenderName: null }, link],
    ["a short link", typical, `http://localhost:3000/r/${"A".repeat(22)}`],
    ["an old 43-character link", typical, legacyLink],
  ];
  const titles = ["Fahrt zur Ausländerbehörde", "Begleitung einer Familie mit drei Kindern zum Jobcenter und danach zur Kita", "Kleiderkammer"];

  describe.each(orgs)("%s", (_label, org, url) => {
    it.each(titles)("needs no more segments than German where it can, and keeps the link whole: %s", (title) => {
      const r = request(title);
      const german = invitationSms(org, r, "de", url);
      for (const locale of volunteerLocales) {
        const text = invitationSms(org, r, locale, url);
        expect(text, locale).toContain(url);
        expect(text, locale).toContain(title.slice(0, 8));
        const germanInSameEncoding = segmentsAs(german, analyzeSms(text).encoding);
        expect(segments(text), `${locale}: ${text}`).toBeLessThanOrEqual(Math.max(germanInSameEncoding, floorOf(org, r, locale)));
      }
    });
  });

  it("fits the German SMS into one segment where the link leaves room", () => {
    expect(segments(invitationSms(typical, request("Begleitung einer Familie mit drei Kindern zum Jobcenter"), "de", link))).toBe(1);
  });

  it("costs, for a typical request, this many segments per language (Turkish stays GSM-7)", () => {
    const r = request("Fahrt zur Ausländerbehörde");
    const counts = Object.fromEntries(volunteerLocales.map((l) => [l, segments(invitationSms(typical, r, l, link))]));
    // no UCS-2 text with a link fits one 70-character segment: two, the title cut as far as that needs
    expect(counts).toEqual({ de: 1, en: 1, ar: 2, fa: 2, uk: 2, ru: 2, tr: 1 });
    const before = Object.fromEntries(volunteerLocales.map((l) => [l, segments(invitationSms(typical, r, l, legacyLink))]));
    // links of old invitations (43-character token, reminders of those): Arabic and Persian need 3
    expect(before).toEqual({ de: 1, en: 1, ar: 3, fa: 3, uk: 2, ru: 2, tr: 1 });
  });

  it("needs no more segments with the short link than with the old one, in any language, for short and long titles", () => {
    for (const title of ["Kleiderkammer", "Fahrt zur Ausländerbehörde", "Begleitung einer Familie mit drei Kindern zum Jobcenter"]) {
      for (const l of volunteerLocales) {
        expect(segments(invitationSms(typical, request(title), l, link)), `${l}: ${title}`).toBeLessThanOrEqual(segments(invitationSms(typical, request(title), l, legacyLink)));
      }
    }
    // a short title: Arabic and Persian, too, need one segment less (3 → 2)
    expect(volunteerLocales.map((l) => segments(invitationSms(typical, request("Kleiderkammer"), l, link)))).toEqual([1, 1, 2, 2, 2, 2, 1]);
  });

  it("cuts a long title in a UCS-2 SMS only as far as two segments need (German: one), never the link or the time", () => {
    const title = "Begleitung einer Familie mit drei Kindern zum Jobcenter und danach zur Kita";
    for (const locale of ["uk", "ru", "ar", "fa"] as const) {
      const text = invitationSms(typical, request(title), locale, link);
      expect(analyzeSms(text), locale).toMatchObject({ encoding: "UCS-2", segments: 2 });
      expect(text, locale).toContain(link);
      expect(text, locale).toContain(formatWhenShort(locale, typical.timeZone, request(title).startsAt));
      expect(text, locale).toContain(title.slice(0, 16));
      expect(text, locale).not.toContain(title);
    }
  });

  it("keeps a short title whole in every language", () => {
    for (const locale of volunteerLocales) expect(invitationSms(typical, request("Kleiderkammer"), locale, link)).toContain("Kleiderkammer");
  });
});

describe("the SMS answers", () => {
  const keywords = /\b(JA|NEIN|YES|NO)\b/g;

  it.each(volunteerLocales)("%s: the help and several-requests texts quote the example answer once, without repeating its keyword", (locale) => {
    const t = translator(locale, "sms");
    const example = replyExample(locale, "K7F");
    for (const text of [t("help", { example }), t("ambiguous", { example, codes: "K7F, B2M" })]) {
      expect(text).toContain(example);
      // "z. B. JA JA K7F" would have the keyword twice in a row
      expect(text, text).not.toMatch(/\b(JA|YES) (JA|YES)\b/);
      expect(text.match(keywords)?.length ?? 0, text).toBeGreaterThan(0);
    }
  });

  it("are GSM-7 in German and English as the provider sends them (smart encoding: the – of „besetzt – Sie“ is a -)", () => {
    for (const locale of ["de", "en"] as const) {
      const sms = translator(locale, "sms");
      const requests = translator(locale, "requests");
      const timed = translator(locale, "timed");
      const texts = [
        ...(["stopped", "started", "unknownSender", "noOpen", "unavailable"] as const).map((k) => sms(k)),
        sms("help", { example: replyExample(locale) }),
        sms("ambiguous", { example: replyExample(locale), codes: "K7F, B2M" }),
        sms("unknownCode", { codes: "K7F" }),
        ...(["accepted", "declined", "withdrawn", "filled", "closed"] as const).map((k) => sms(k, { title: "Fahrt zum Amt" })),
        ...(["filled", "cancelled"] as const).map((k) => requests(`sms.${k}`, { org: "Helferkreis", title: "Fahrt", when: "Di., 12.05., 09:00" })),
        timed("reminder.sms", { org: "Helferkreis", title: "Fahrt", when: "Di., 12.05., 09:00", link }),
      ];
      for (const text of texts) expect(analyzeSms(text).encoding, `${locale}: ${text}`).toBe("GSM-7");
    }
    expect(translator("de", "sms")("filled", { title: "x" })).toContain("–");
  });
});
