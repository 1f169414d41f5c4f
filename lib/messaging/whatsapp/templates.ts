import type { Locale } from "@/i18n/config";
import { answerData } from "../telegram/callbacks";

/**
 * WhatsApp's templates (issue 18). A business may write first only with a template WhatsApp
 * approved; Twilio sends it by its Content SID with the variables filled in. Two templates per
 * message language, configured as "de=HX…,en=HX…" (lib/config.ts, docs/operations.md):
 *
 * - the invitation (twilio/quick-reply): body "… {{1}} …" with the request's text, and two
 *   quick-reply buttons "Zusagen" / "Absagen" whose ids are {{2}} and {{3}} — "a:<invitation id>"
 *   and "d:<invitation id>", the same data as Telegram's buttons; the tap comes back as ButtonPayload.
 * - the message (twilio/text): "… {{1}} …" for every other message (confirmation, change,
 *   cancellation, reminder) when WhatsApp's 24-hour window is closed. Inside the window (the
 *   volunteer wrote within the last 24 hours) such messages go as free text.
 *
 * WhatsApp refuses variables with line breaks, tabs or more than four spaces in a row, and the
 * template body has at most 1,024 characters: the text is put on one line and shortened.
 */

export type TemplateList = Partial<Record<Locale, string>>;

export function parseTemplateList(v: string | undefined): TemplateList {
  const out: TemplateList = {};
  for (const pair of (v ?? "").split(",").filter(Boolean)) {
    const [l, sid] = pair.split("=");
    out[l as Locale] = sid;
  }
  return out;
}

/** The template for a language: its own, else English, else German (the configuration requires German). */
export function templateFor(list: TemplateList, locale: Locale): string | undefined {
  return list[locale] ?? list.en ?? list.de;
}

/** A text as one template variable: one line, no tabs, no runs of more than three spaces, at most `max` characters. */
export function asVariable(text: string, max = 900): string {
  const line = text
    .replace(/\s*\n+\s*/g, " · ")
    .replace(/\t/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** The ContentVariables of the invitation template for one invitation. */
export function invitationVariables(text: string, invitationId: string): Record<string, string> {
  return { "1": asVariable(text), "2": answerData("accept", invitationId), "3": answerData("decline", invitationId) };
}

/** WhatsApp's customer-service window: free text only within 24 hours of the person's last message (a few minutes' margin). */
export const WINDOW_MS = 24 * 3_600_000 - 10 * 60_000;

export function windowOpen(lastInboundAt: Date | null | undefined, now = new Date()): boolean {
  return !!lastInboundAt && now.getTime() - lastInboundAt.getTime() < WINDOW_MS;
}
