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

/** Cost of sending one text to several recipients, in cents. */
export function estimateSmsCost(text: string, recipients: number, priceCentsPerSegment?: number) {
  const a = analyzeSms(text, { priceCentsPerSegment });
  return { ...a, recipients, totalCents: Math.round(a.costCents * recipients * 100) / 100 };
}

/**
 * Builds an SMS from a template with one variable part (the request's title), shortening that
 * part until the text fits ONE segment, if it can. Counted like everything else here: on the
 * text as the transport sends it (smart encoding), so „typographic quotes“ and a – dash keep a
 * text in GSM-7 (160 characters) instead of UCS-2 (70).
 */
export function fitOneSegment(build: (part: string) => string, part: string, minPart = 8): string {
  let text = build(part);
  let a = analyzeSms(text);
  if (a.segments <= 1) return text;
  let p = Array.from(part);
  while (p.length > minPart) {
    p = p.slice(0, Math.max(minPart, p.length - Math.max(1, Math.ceil((a.characters - 160) / 2))));
    text = build(p.join("").trimEnd() + "...");
    a = analyzeSms(text);
    if (a.segments <= 1) return text;
  }
  return text;
}
