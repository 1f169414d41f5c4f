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
  // the templates; `{org}` is filled in with the controller before the text shown is hashed
  "2026-12-v2": {
    de: "4bfc092b0789dc6463acdbb82c2155ad72fd9f923401a45a150bd30f94820073",
    en: "e298134af6be7c334d1f4b6f8622d76c91ef518ebe582e0545d1c3fc43d67e29",
  },
};
const ORG = "Helferkreis Musterstadt";

describe("consent texts kept in the repository", () => {
  it("never change once published (their hashes are stored as proof of consent)", () => {
    for (const [version, byLocale] of Object.entries(PUBLISHED)) {
      for (const [locale, hash] of Object.entries(byLocale)) expect(sha256Hex(CONSENT_TEXTS[version][locale]), `${version}.${locale}`).toBe(hash);
    }
    // every version in the repository is pinned here
    expect(Object.keys(CONSENT_TEXTS).sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  it("has the current version in every language of the interface, naming the controller, with the link to the privacy page", () => {
    expect(CONSENT_VERSION in CONSENT_TEXTS).toBe(true);
    for (const locale of locales) {
      const text = consentText(CONSENT_VERSION, locale, ORG);
      expect(text, locale).not.toBeNull();
      expect(text!.text).toMatch(/<link>[^<]+<\/link>/);
      expect(text!.text, locale).toContain(ORG);
      expect(text!.text).not.toContain("{org}");
      expect(text!.controller).toBe(ORG);
    }
  });

  it("hashes the text as shown: each organisation's text has its own hash, and a text that names a controller needs one", () => {
    const a = currentConsentText("de", "Helferkreis Musterstadt");
    const b = currentConsentText("de", "Nachbarschaftshilfe Musterstadt");
    expect(a.sha256).not.toBe(b.sha256);
    expect(a.sha256).toBe(sha256Hex(a.text));
    expect(a.sha256).not.toBe(PUBLISHED[CONSENT_VERSION].de); // not the template's hash
    expect(consentText(CONSENT_VERSION, "de")).toBeNull();
    expect(consentText(CONSENT_VERSION, "de", "")).toBeNull();
    // a name with replacement patterns stays literal
    expect(consentText(CONSENT_VERSION, "en", "A $& B")!.text).toContain("A $& B");
    // older texts name no controller and stay as they were
    expect(consentText("2026-11-v1", "de", ORG)).toMatchObject({ controller: null, sha256: PUBLISHED["2026-11-v1"].de });
    // version + language + stored controller give back exactly the text agreed to
    expect(consentText(a.version, a.locale, a.controller)!.sha256).toBe(a.sha256);
  });

  it("records the text the form showed, and falls back to the current one for missing or tampered fields", () => {
    expect(shownConsentText({ version: CONSENT_VERSION, locale: "en" }, "de", ORG)).toMatchObject({ version: CONSENT_VERSION, locale: "en", sha256: currentConsentText("en", ORG).sha256, controller: ORG });
    expect(shownConsentText(undefined, "en", ORG)).toMatchObject({ version: CONSENT_VERSION, locale: "en" });
    expect(shownConsentText({ version: "1999-forged", locale: "en" }, "de", ORG)).toMatchObject({ version: CONSENT_VERSION, locale: "de" });
    expect(shownConsentText({ version: CONSENT_VERSION, locale: "xx" }, "xx", ORG)).toMatchObject({ locale: "de" });
    expect(currentConsentText("en", ORG).sha256).toBe(sha256Hex(currentConsentText("en", ORG).text));
  });

  it("tells current, outdated and declined consent apart", () => {
    expect(consentStateOf({ consentVersion: CONSENT_VERSION, consentDeclinedAt: null })).toBe("current");
    expect(consentStateOf({ consentVersion: "2020-01-v0", consentDeclinedAt: null })).toBe("outdated");
    expect(consentStateOf({ consentVersion: "2020-01-v0", consentDeclinedAt: new Date() })).toBe("declined");
  });
});
