import { createHash } from "node:crypto";
import { z } from "zod";
import { defaultLocale } from "@/i18n/config";
import { CONSENT_TEXTS } from "./consent-texts";

/**
 * The version of the consent text shown next to the checkbox and of the privacy page it links
 * to. Change it whenever either text changes in substance (add the new text to ./consent-texts.ts);
 * every volunteer row stores the version, language and SHA-256 of the text they agreed to, with
 * time and channel, as proof of consent (Art. 7(1) GDPR). Volunteers whose version is older are
 * asked again at their next sign-in (/profile/consent).
 */
export const CONSENT_VERSION = "2026-12-v2";

/** controller: the organisation named in the text (null for older texts that name none) */
export type ConsentText = { version: string; locale: string; text: string; sha256: string; controller: string | null };

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

const CONTROLLER = /\{org\}/g;

/**
 * The text of a version in a language as shown for that controller (the organisation's name fills
 * `{org}`), or null when there is none — or when the text names a controller and none is given.
 */
export function consentText(version: string, locale: string, controller?: string | null): ConsentText | null {
  const template = CONSENT_TEXTS[version]?.[locale];
  if (template === undefined) return null;
  const names = template.includes("{org}");
  if (names && !controller) return null;
  // a function replacer: a "$&" in an organisation's name stays literal
  const text = names ? template.replace(CONTROLLER, () => controller!) : template;
  return { version, locale, text, sha256: sha256Hex(text), controller: names ? controller! : null };
}

/** The current text in a language for that organisation (German when that language has none yet: the one fallback). */
export function currentConsentText(locale: unknown, controller: string): ConsentText {
  const wanted = typeof locale === "string" ? locale : defaultLocale;
  return consentText(CONSENT_VERSION, wanted, controller) ?? consentText(CONSENT_VERSION, defaultLocale, controller)!;
}

const shownSchema = z.object({
  version: z.string().max(40).refine((v) => v in CONSENT_TEXTS),
  locale: z.string().max(10),
});

/**
 * Which text the form showed (its hidden fields), checked against the repository: a known version
 * and language give exactly that text; anything else (missing, tampered) the current text in the
 * page's language. The controller is never taken from the form: it is the organisation the
 * server resolved for the page (lib/organizations/public.ts).
 */
export function shownConsentText(shown: { version?: unknown; locale?: unknown } | undefined, pageLocale: unknown, controller: string): ConsentText {
  const parsed = shownSchema.safeParse(shown ?? {});
  if (parsed.success) {
    const found = consentText(parsed.data.version, parsed.data.locale, controller);
    if (found) return found;
  }
  return currentConsentText(pageLocale, controller);
}

/** The columns of a volunteer row that prove a consent (Art. 7(1) GDPR). */
export function consentColumns(consent: ConsentText, at: Date, channel = "web") {
  return {
    consentVersion: consent.version,
    consentLocale: consent.locale,
    consentTextSha256: consent.sha256,
    consentController: consent.controller,
    consentAt: at,
    consentChannel: channel,
  };
}

export type ConsentState = "current" | "outdated" | "declined";

/**
 * current: agreed to CONSENT_VERSION; outdated: an older one, or none yet (an imported volunteer
 * before confirming); declined: refused the current one at sign-in.
 */
export function consentStateOf(v: { consentVersion: string | null; consentDeclinedAt: Date | null }): ConsentState {
  if (v.consentVersion === CONSENT_VERSION) return "current";
  return v.consentDeclinedAt ? "declined" : "outdated";
}
