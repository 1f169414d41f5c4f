import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export type PhoneResult = { ok: true; e164: string } | { ok: false; error: "phone_invalid" | "phone_not_mobile" };

/** Characters people type into a phone field: digits, spaces, + ( ) - / . */
const PHONE_CHARS = /^[0-9+()\-/. \u00a0]{3,30}$/;

/**
 * German forms ("0151 2345 6789", "+49 151 …", "0049 151 …", "(0)" in the middle) and foreign
 * numbers with a + prefix. Only mobile numbers can receive SMS: the "max" metadata tells
 * MOBILE from FIXED_LINE, so a landline gets a clear error instead of silently failing later.
 */
export function normalizePhone(input: string): PhoneResult {
  const raw = input.trim();
  if (!PHONE_CHARS.test(raw)) return { ok: false, error: "phone_invalid" };
  const parsed = parsePhoneNumberFromString(raw, "DE");
  if (!parsed || !parsed.isValid()) return { ok: false, error: "phone_invalid" };
  const type = parsed.getType();
  if (type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") return { ok: false, error: "phone_not_mobile" };
  return { ok: true, e164: parsed.number };
}

/** Any valid number (landlines too: a contact person on site is called, not texted), as E.164. */
export function normalizeCallablePhone(input: string): { ok: true; e164: string } | { ok: false; error: "phone_invalid" } {
  const raw = input.trim();
  const parsed = PHONE_CHARS.test(raw) ? parsePhoneNumberFromString(raw, "DE") : undefined;
  return parsed && parsed.isValid() ? { ok: true, e164: parsed.number } : { ok: false, error: "phone_invalid" };
}

/** The number as a person reads it, e.g. "+49 151 23456789". */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
