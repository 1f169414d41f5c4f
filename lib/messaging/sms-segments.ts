import { SegmentedMessage } from "sms-segments-calculator";
import UnicodeToGSM from "sms-segments-calculator/dist/libs/UnicodeToGSM";

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
  const price = opts.priceCentsPerSegment ?? 8;
  const gsm = gsmSegments(text);
  if (gsm) return { normalizedText: text, encoding: "GSM-7", characters: gsm.characters, segments: gsm.segments, nonGsmCharacters: [], costCents: Math.round(gsm.segments * price * 100) / 100 };
  const smart = new SegmentedMessage(text, "auto", true);
  const normalizedText = smart.graphemes.join("");
  const final = new SegmentedMessage(normalizedText, "auto", false);
  const segments = normalizedText.length === 0 ? 0 : final.segmentsCount;
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
  return gsmSegments(text)?.segments ?? (text.length === 0 ? 0 : new SegmentedMessage(text, "auto", true).segmentsCount);
}

/** GSM-7 septets per UTF-16 code unit (1 basic, 2 extension such as € { }); 0: not GSM-7 */
const SEPTETS = new Uint8Array(0x10000);
// a CommonJS module: its table is the default export, or under `default` where Node's own ESM loader imports it (tsx)
const gsmTable = ((UnicodeToGSM as unknown as { default?: Record<string, number[]> }).default ?? UnicodeToGSM) as Record<string, number[]>;
for (const [code, units] of Object.entries(gsmTable)) SEPTETS[Number(code)] = units.length;
if (!SEPTETS[65]) throw new Error("sms-segments: the GSM-7 table of sms-segments-calculator was not found");
/** a segment's 140 octets and the 6-octet user data header of a concatenated SMS, in bits (as sms-segments-calculator counts them) */
const SEGMENT_BITS = 1120;
const HEADER_BITS = 48;

/**
 * The fast path of analyzeSms and countSegments (issue 19: the calculator builds an object per
 * character and re-adds a segment's size for every character it appends — ~0.6 ms for one
 * confirmation SMS, a fifth of an accept): for a text made only of GSM-7 characters, where the
 * calculator's smart encoding changes nothing (none of its replacements is a GSM-7 character) and
 * each character is one grapheme ("\r" is left to the calculator: "\r\n" is one grapheme there),
 * the same segmentation in one pass over numbers — an extension character is never split across
 * two segments, and when a second segment starts, the first gets its header and hands over what
 * no longer fits, exactly as the calculator does. Null: not such a text (the calculator counts it).
 * tests/unit/sms-segments-fast.test.ts compares both on random texts around every boundary.
 */
export function gsmSegments(text: string): { segments: number; characters: number } | null {
  const sizes: number[] = [];
  let characters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const septets = code === 13 ? 0 : SEPTETS[code];
    if (!septets) return null;
    sizes.push(septets * 7);
    characters += septets;
  }
  if (sizes.length === 0) return { segments: 0, characters: 0 };
  let segments = 1;
  let used = 0; // bits of the current segment
  let first: number[] | null = []; // the first segment's characters, until it gets its header
  for (const size of sizes) {
    if (SEGMENT_BITS - used < size) {
      segments++;
      if (first) {
        // the first segment gets its header; what no longer fits moves to the second, in order
        let firstBits = used + HEADER_BITS;
        const moved: number[] = [];
        while (firstBits > SEGMENT_BITS) {
          const c = first.pop()!;
          firstBits -= c;
          moved.unshift(c);
        }
        first = null;
        used = HEADER_BITS + moved.reduce((a, b) => a + b, 0);
      } else used = HEADER_BITS;
    }
    if (first) first.push(size);
    used += size;
  }
  return { segments, characters };
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
