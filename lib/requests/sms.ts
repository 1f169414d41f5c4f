/**
 * SMS length in segments (GSM 03.38): 160 characters in one GSM-7 segment, 153 per segment when
 * split; any character outside GSM-7 switches the whole text to UCS-2 (70, or 67 when split).
 * Characters of the extension table (€ [ ] { } ^ ~ | \) count twice.
 */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";
const BASIC = new Set(Array.from(GSM_BASIC));
const EXTENDED = new Set(Array.from(GSM_EXTENDED));

export type SmsLength = { encoding: "GSM-7" | "UCS-2"; characters: number; segments: number };

export function smsLength(text: string): SmsLength {
  const chars = Array.from(text);
  const gsm = chars.every((c) => BASIC.has(c) || EXTENDED.has(c));
  if (gsm) {
    const units = chars.reduce((n, c) => n + (EXTENDED.has(c) ? 2 : 1), 0);
    return { encoding: "GSM-7", characters: units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  // UCS-2 counts UTF-16 code units (emoji take two).
  const units = text.length;
  return { encoding: "UCS-2", characters: units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/**
 * Builds an SMS from a template that takes a variable part (the title), shortening that part
 * until the text fits `maxSegments` segments. When even the shortest allowed part (minPart
 * characters) does not fit, it gives the fewest segments reachable, with the longest part that
 * still reaches them. The fixed text and the link are never cut.
 */
export function fitSegments(build: (part: string) => string, part: string, maxSegments: number, minPart = 8): string {
  return build(fitPart(build, part, maxSegments, minPart));
}

/** The variable part as fitSegments would put it in (for callers that cache it). */
export function fitPart(build: (part: string) => string, part: string, maxSegments: number, minPart = 8): string {
  const full = build(part);
  const chars = Array.from(part);
  if (smsLength(full).segments <= maxSegments || chars.length <= minPart) return part;
  // "...", not "…": the provider's smart encoding would turn "…" into "..." anyway
  const ellipsis = "...";
  const partOf = (n: number) => chars.slice(0, n).join("").trimEnd() + ellipsis;
  const cut = (n: number) => build(partOf(n));
  const longestWithin = (limit: number) => {
    if (smsLength(full).segments <= limit) return part;
    // segments only grow with the part's length: binary search for the longest prefix that fits
    let lo = minPart;
    let hi = chars.length - 1;
    let best: string | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (smsLength(cut(mid)).segments <= limit) {
        best = partOf(mid);
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  return longestWithin(maxSegments) ?? longestWithin(smsLength(cut(minPart)).segments) ?? partOf(minPart);
}

/** The same, for one segment (GSM-7: 160 characters) where the link leaves room. */
export function fitOneSegment(build: (part: string) => string, part: string, minPart = 8): string {
  return fitSegments(build, part, 1, minPart);
}
