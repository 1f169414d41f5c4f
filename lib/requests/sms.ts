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
 * until the text fits one segment, if it can.
 */
export function fitOneSegment(build: (part: string) => string, part: string, minPart = 8): string {
  let text = build(part);
  if (smsLength(text).segments <= 1) return text;
  let p = Array.from(part);
  while (p.length > minPart) {
    p = p.slice(0, Math.max(minPart, p.length - Math.max(1, Math.ceil((smsLength(text).characters - 160) / 2))));
    text = build(p.join("").trimEnd() + "...");
    if (smsLength(text).segments <= 1) return text;
  }
  return text;
}
