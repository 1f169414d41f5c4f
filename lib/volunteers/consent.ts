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
export const CONSENT_VERSION = "2026-11-v1";

export type ConsentText = { version: string; locale: string; text: string; sha256: string };

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The stored text of a version in a language, or null when there is none. */
export function consentText(version: string, locale: string): ConsentText | null {
  const text = CONSENT_TEXTS[version]?.[locale];
  return text === undefined ? null : { version, locale, text, sha256: sha256Hex(text) };
}

/** The current text in a language (German when that language has none yet: the one fallback). */
export function currentConsentText(locale: unknown): ConsentText {
  const wanted = typeof locale === "string" ? locale : defaultLocale;
  return consentText(CONSENT_VERSION, wanted) ?? consentText(CONSENT_VERSION, defaultLocale)!;
}

const shownSchema = z.object({
  version: z.string().max(40).refine((v) => v in CONSENT_TEXTS),
  locale: z.string().max(10),
});

/**
 * Which text the form showed (its hidden fields), checked against the repository: a known version
 * and language give exactly that text; anything else (missing, tampered) the current text in the
 * page's language.
 */
export function shownConsentText(shown: { version?: unknown; locale?: unknown } | undefined, pageLocale: unknown): ConsentText {
  const parsed = shownSchema.safeParse(shown ?? {});
  if (parsed.success) {
    const found = consentText(parsed.data.version, parsed.data.locale);
    if (found) return found;
  }
  return currentConsentText(pageLocale);
}

export type ConsentState = "current" | "outdated" | "declined";

/** current: agreed to CONSENT_VERSION; outdated: an older one; declined: refused the current one at sign-in. */
export function consentStateOf(v: { consentVersion: string; consentDeclinedAt: Date | null }): ConsentState {
  if (v.consentVersion === CONSENT_VERSION) return "current";
  return v.consentDeclinedAt ? "declined" : "outdated";
}
