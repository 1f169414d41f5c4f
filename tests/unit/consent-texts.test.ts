import { describe, expect, it } from "vitest";
import { locales } from "@/i18n/config";
import { CONSENT_VERSION, consentStateOf, consentText, currentConsentText, sha256Hex, shownConsentText } from "@/lib/volunteers/consent";
import { CONSENT_TEXTS } from "@/lib/volunteers/consent-texts";

/**
 * Published texts are evidence: volunteers' rows hold their SHA-256. Changing one breaks the
 * proof, so their hashes are pinned here. A new text is a new version (add it to PUBLISHED).
 */
const PUBLISHED: Record<string, Record<string, string>> = {
  "2026-11-v1": {
    de: "318d06ad718e73d65cc9a07338eb7ffe948362a2059ddb108236bd69a0646638",
    en: "1542beb8269700025e287c8ea1d2f3ddf19c57777f5755c1e8034974a6142762",
  },
};

describe("consent texts kept in the repository", () => {
  it("never change once published (their hashes are stored as proof of consent)", () => {
    for (const [version, byLocale] of Object.entries(PUBLISHED)) {
      for (const [locale, hash] of Object.entries(byLocale)) expect(sha256Hex(CONSENT_TEXTS[version][locale]), `${version}.${locale}`).toBe(hash);
    }
    // every version in the repository is pinned here
    expect(Object.keys(CONSENT_TEXTS).sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  it("has the current version in every language of the interface, with the link to the privacy page", () => {
    expect(CONSENT_VERSION in CONSENT_TEXTS).toBe(true);
    for (const locale of locales) {
      const text = consentText(CONSENT_VERSION, locale);
      expect(text, locale).not.toBeNull();
      expect(text!.text).toMatch(/<link>[^<]+<\/link>/);
    }
  });

  it("records the text the form showed, and falls back to the current one for missing or tampered fields", () => {
    expect(shownConsentText({ version: CONSENT_VERSION, locale: "en" }, "de")).toMatchObject({ version: CONSENT_VERSION, locale: "en", sha256: PUBLISHED[CONSENT_VERSION].en });
    expect(shownConsentText(undefined, "en")).toMatchObject({ version: CONSENT_VERSION, locale: "en" });
    expect(shownConsentText({ version: "1999-forged", locale: "en" }, "de")).toMatchObject({ version: CONSENT_VERSION, locale: "de" });
    expect(shownConsentText({ version: CONSENT_VERSION, locale: "xx" }, "xx")).toMatchObject({ locale: "de" });
    expect(currentConsentText("en").sha256).toBe(sha256Hex(currentConsentText("en").text));
  });

  it("tells current, outdated and declined consent apart", () => {
    expect(consentStateOf({ consentVersion: CONSENT_VERSION, consentDeclinedAt: null })).toBe("current");
    expect(consentStateOf({ consentVersion: "2020-01-v0", consentDeclinedAt: null })).toBe("outdated");
    expect(consentStateOf({ consentVersion: "2020-01-v0", consentDeclinedAt: new Date() })).toBe("declined");
  });
});
