import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { analyzeSms, countSegments, gsmSegments } from "@/lib/messaging/sms-segments";

/** the calculator itself, as analyzeSms used it for every text before the fast path */
function calculator(text: string) {
  const smart = new SegmentedMessage(text, "auto", true);
  const normalizedText = smart.graphemes.join("");
  const final = new SegmentedMessage(normalizedText, "auto", false);
  return { normalizedText, encoding: final.encodingName, characters: final.numberOfCharacters, segments: normalizedText.length === 0 ? 0 : final.segmentsCount };
}

/** a small deterministic generator, so a failure can be replayed */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

const BASIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 äöüÄÖÜß@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæÉ!\"#¤%&'()*+,-./:;<=>?¡Ñ§¿ñà\n";
const EXTENSION = "€{}[]~|^\\\f";

describe("gsmSegments (the fast path of the SMS segment count)", () => {
  it("counts like sms-segments-calculator on random GSM-7 texts around every segment boundary", () => {
    const r = rng(19);
    let checked = 0;
    for (let n = 0; n < 600; n++) {
      // lengths around 1, 2, 3 and 4 segments (160 / 306 / 459 / 612 septets), with and without extension characters
      const target = [150, 160, 300, 306, 450, 459, 600, 612][n % 8] + Math.floor(r() * 24) - 12;
      const extShare = n % 3 === 0 ? 0 : n % 3 === 1 ? 0.05 : 0.4;
      let text = "";
      while (text.length < target) text += r() < extShare ? EXTENSION[Math.floor(r() * EXTENSION.length)] : BASIC[Math.floor(r() * BASIC.length)];
      const fast = gsmSegments(text);
      const lib = calculator(text);
      expect(fast, text).not.toBeNull();
      expect({ segments: fast!.segments, characters: fast!.characters }, text).toEqual({ segments: lib.segments, characters: lib.characters });
      expect(analyzeSms(text)).toMatchObject({ normalizedText: lib.normalizedText, encoding: "GSM-7", segments: lib.segments, characters: lib.characters, nonGsmCharacters: [] });
      expect(countSegments(text)).toBe(lib.segments);
      checked++;
    }
    expect(checked).toBe(600);
  });

  it("leaves to the calculator what it cannot count alone, with the same results as before", () => {
    for (const text of [
      "Hallo Aylin, „Fahrdienst“ – bitte antworten: https://hr.example/r/abc", // smart encoding replaces „“ and –
      "Привіт! Потрібна допомога у вівторок о 9:00", // UCS-2
      "مرحبا، نحتاج سائقين يوم الثلاثاء",
      "Zeile eins\r\nZeile zwei", // "\r\n" is one grapheme for the calculator
      "Emoji 👍 zählt als UCS-2",
    ]) {
      expect(gsmSegments(text)).toBeNull();
      const lib = calculator(text);
      expect(analyzeSms(text)).toMatchObject({ normalizedText: lib.normalizedText, encoding: lib.encoding, segments: lib.segments, characters: lib.characters });
    }
  });

  it("gives 0 segments for an empty text and 1 for exactly 160 basic characters, 2 for 161", () => {
    expect(gsmSegments("")).toEqual({ segments: 0, characters: 0 });
    expect(gsmSegments("a".repeat(160))).toEqual({ segments: 1, characters: 160 });
    expect(gsmSegments("a".repeat(161))).toEqual({ segments: 2, characters: 161 });
    expect(gsmSegments("€".repeat(80))).toEqual({ segments: 1, characters: 160 });
    expect(gsmSegments("a" + "€".repeat(80))).toEqual({ segments: 2, characters: 161 });
  });
});
