import { SegmentedMessage } from "sms-segments-calculator";

export type SmsAnalysis = {
  /** the text as it will be sent: typographic characters with a GSM-7 equivalent replaced („“ → "", – → -, ’ → ') */
  normalizedText: string;
  encoding: "GSM-7" | "UCS-2";
  /** characters as the phone counts them (GSM-7 extension characters such as € count twice) */
  characters: number;
  segments: number;
  /** characters that force UCS-2 (70 instead of 160 per segment), for a hint to the writer */
  nonGsmCharacters: string[];
  /** estimated price for one recipient, in cents */
  costCents: number;
};

/**
 * GSM-7-aware segment count with Twilio's own calculator (sms-segments-calculator, the library
 * behind Twilio's segment calculator page), with "smart encoding" on: harmless replacements are
 * applied first, so a German text stays GSM-7 (ä ö ü ß Ä Ö Ü are GSM-7) unless it really needs
 * Unicode. Pure: usable in server code and in the request form (client component).
 */
export function analyzeSms(text: string, opts: { priceCentsPerSegment?: number } = {}): SmsAnalysis {
  const smart = new SegmentedMessage(text, "auto", true);
  const normalizedText = smart.graphemes.join("");
  const final = new SegmentedMessage(normalizedText, "auto", false);
  const segments = normalizedText.length === 0 ? 0 : final.segmentsCount;
  const price = opts.priceCentsPerSegment ?? 8;
  return {
    normalizedText,
    encoding: final.encodingName === "GSM-7" ? "GSM-7" : "UCS-2",
    characters: final.numberOfCharacters,
    segments,
    nonGsmCharacters: [...new Set(final.getNonGsmCharacters())],
    costCents: Math.round(segments * price * 100) / 100,
  };
}

/**
 * Only the segment count of analyzeSms (the same smart encoding, one pass instead of two): for the
 * fitters, which count a text many times while they shorten it.
 */
export function countSegments(text: string): number {
  return text.length === 0 ? 0 : new SegmentedMessage(text, "auto", true).segmentsCount;
}

/** Cost of sending one text to several recipients, in cents. */
export function estimateSmsCost(text: string, recipients: number, priceCentsPerSegment?: number) {
  const a = analyzeSms(text, { priceCentsPerSegment });
  return { ...a, recipients, totalCents: Math.round(a.costCents * recipients * 100) / 100 };
}

/**
 * The segments `text` needs when sent in `encoding` (after the same smart encoding): how long a
 * text would be in another alphabet, e.g. a German SMS counted as UCS-2 to compare it with an
 * Arabic one. Pure.
 */
export function segmentsAs(text: string, encoding: SmsAnalysis["encoding"]): number {
  const normalized = new SegmentedMessage(text, "auto", true).graphemes.join("");
  return normalized.length === 0 ? 0 : new SegmentedMessage(normalized, encoding, false).segmentsCount;
}

/**
 * The variable part of an SMS template (the request's title), shortened until the built text
 * needs at most `maxSegments` segments. When even the shortest allowed part (`minPart`
 * characters) does not fit, the part that gives the fewest segments reachable, as long as it
 * still reaches them. The fixed text and the link are never cut. Counted like everything here:
 * on the text as the transport sends it (smart encoding), so „typographic quotes“ and a – dash
 * keep a text in GSM-7 (160 characters) instead of UCS-2 (70).
 */
export function fitPart(build: (part: string) => string, part: string, maxSegments: number, minPart = 8): string {
  const segments = countSegments;
  const full = segments(build(part));
  const chars = Array.from(part);
  if (full <= maxSegments || chars.length <= minPart) return part;
  // "...", not "…": the provider's smart encoding would turn "…" into "..." anyway
  const partOf = (n: number) => chars.slice(0, n).join("").trimEnd() + "...";
  const longestWithin = (limit: number) => {
    if (full <= limit) return part;
    // segments only grow with the part's length: binary search for the longest prefix that fits
    let lo = minPart;
    let hi = chars.length - 1;
    let best: string | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments(build(partOf(mid))) <= limit) {
        best = partOf(mid);
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  return longestWithin(maxSegments) ?? longestWithin(segments(build(partOf(minPart)))) ?? partOf(minPart);
}

/** The SMS built with its variable part fitted to `maxSegments` (see fitPart). */
export function fitSegments(build: (part: string) => string, part: string, maxSegments: number, minPart = 8): string {
  return build(fitPart(build, part, maxSegments, minPart));
}

/** The same, for ONE segment (GSM-7: 160 characters) where the link leaves room. */
export function fitOneSegment(build: (part: string) => string, part: string, minPart = 8): string {
  return fitSegments(build, part, 1, minPart);
}
