import { describe, expect, it } from "vitest";
import de from "@/messages/de/requests.json";
import en from "@/messages/en/requests.json";
import { formatMessage } from "@/i18n/format-message";
import type { RespondInput } from "@/lib/requests/respond";

/** The board names every way an answer can arrive (a standing commitment or the profile is not "Web"). */
const VIAS: RespondInput["via"][] = ["web", "sms", "voice", "telegram", "whatsapp", "commitment", "profile"];

describe("the board's 'answered by' texts", () => {
  it.each([
    ["de", de, { web: "per Web-Link", sms: "per SMS", voice: "per Anruf", telegram: "per Telegram", whatsapp: "per WhatsApp", commitment: "als Dauerzusage", profile: "unter „Offene Einsätze“" }],
    ["en", en, { web: "by web link", sms: "by SMS", voice: "by phone call", telegram: "by Telegram", whatsapp: "by WhatsApp", commitment: "as a standing commitment", profile: "under “Open needs”" }],
  ] as const)("%s: one text per way of answering, in the person line and the timeline", (locale, catalogue, expected) => {
    for (const via of VIAS) {
      expect(formatMessage(catalogue.board.answeredVia, { answer: "X", when: "Y", via }, locale)).toBe(`X ${locale === "de" ? "am" : "on"} Y ${expected[via]}`);
      expect(formatMessage(catalogue.board.event.via, { via }, locale)).toBe(expected[via]);
    }
  });
});
