import { z } from "zod";

/**
 * The rules of an organisation's senders and branding (issue 16), pure: the admin forms' zod
 * schemas, the contrast check of the accent colour and the logo's content check. Stored by
 * lib/organizations/branding.ts; read by the dispatcher (lib/messaging/sender.ts), the e-mail
 * layout and the public pages' header.
 */

// ---- accent colour: WCAG 2.x relative luminance and contrast ratio ----

/** The minimum contrast of the accent colour against white (WCAG 1.4.3, normal text: 4.5:1). */
export const MIN_ACCENT_CONTRAST = 4.5;

const channel = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance of #rrggbb (0 = black, 1 = white). */
export function relativeLuminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** The ratio as a person reads it: rounded down to two decimals, so 4.499 never shows as "4.50". */
export const formatRatio = (r: number) => (Math.floor(r * 100) / 100).toFixed(2);

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** The error code of a colour below the minimum (the form shows the ratio, `accentRatioText`). */
export const ACCENT_CONTRAST_ERROR = "accent_contrast";

/** The contrast of a typed colour against white as the error message shows it ("3.12"), or null when it is no colour. */
export function accentRatioText(typed: string | undefined): string | null {
  const hex = normalizeHexColor(typed ?? "");
  return hex ? formatRatio(contrastRatio(hex, "#ffffff")) : null;
}

/**
 * What the accent colour field takes: empty (no accent) or #rrggbb (also #RGB, upper case),
 * stored as lower-case #rrggbb.
 */
export function normalizeHexColor(raw: string): string | null {
  const v = raw.trim().toLowerCase();
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}`;
  return HEX_COLOR.test(v) ? v : null;
}

// ---- e-mail sender ----

/** The domain part of an address, lower-case. */
export const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/** An address as the From line takes it: no display-name tricks, no whitespace, no angle brackets. */
const plainAddress = z
  .string()
  .trim()
  .max(254, "email_invalid")
  .pipe(z.email("email_invalid"))
  .refine((v) => !/[<>"\s,;]/.test(v), "email_invalid")
  .transform((v) => v.toLowerCase());

/** empty (the installation's) or one plain address */
const optionalAddress = z
  .string()
  .trim()
  .refine((v) => v === "" || plainAddress.safeParse(v).success, "email_invalid")
  .transform((v) => (v === "" ? null : v.toLowerCase()));

// ---- SMS sender ----

/** A Twilio messaging service SID. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
/**
 * An alphanumeric sender ID as carriers take it (GSM rule): 1–11 characters, Latin letters,
 * digits and spaces, at least one letter (an all-digit sender would pass for a phone number).
 */
export const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** "MG" and hex digits that are not a whole SID: a cut-off SID, not a sender name */
const LOOKS_LIKE_SID = /^MG[0-9a-fA-F]{3,}$/;

export type SmsSender = { kind: "messaging_service"; sid: string } | { kind: "alphanumeric"; from: string };

/** A stored SMS sender as the transport uses it (null: the installation's). */
export function smsSenderOf(stored: string | null | undefined): SmsSender | null {
  if (!stored) return null;
  if (MESSAGING_SERVICE_SID.test(stored)) return { kind: "messaging_service", sid: stored };
  if (ALPHANUMERIC_SENDER.test(stored)) return { kind: "alphanumeric", from: stored };
  return null;
}

const smsSenderField = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, " "))
  .refine((v) => v === "" || MESSAGING_SERVICE_SID.test(v) || (ALPHANUMERIC_SENDER.test(v) && !LOOKS_LIKE_SID.test(v)), "sms_sender_id_invalid")
  // SIDs are hex: one spelling, so the same service is never two values
  .transform((v) => (v === "" ? null : MESSAGING_SERVICE_SID.test(v) ? `MG${v.slice(2).toLowerCase()}` : v));

/** The senders form (the From name stays in the main settings form, `emailSenderName`). */
export const sendersSchema = z.object({
  emailFromAddress: optionalAddress,
  emailReplyTo: optionalAddress,
  smsSender: smsSenderField,
});
export type SendersValues = z.infer<typeof sendersSchema>;
export type SendersField = keyof SendersValues;
export type SendersFormValues = Record<SendersField, string>;

// ---- branding: accent colour and logo ----

export const brandingSchema = z.object({
  accentColor: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const hex = normalizeHexColor(v);
      if (!hex) {
        ctx.addIssue({ code: "custom", message: "color_invalid" });
        return z.NEVER;
      }
      const ratio = contrastRatio(hex, "#ffffff");
      if (ratio < MIN_ACCENT_CONTRAST) {
        ctx.addIssue({ code: "custom", message: ACCENT_CONTRAST_ERROR });
        return z.NEVER;
      }
      return hex;
    }),
  /** "remove": delete the stored logo */
  logoAction: z.enum(["keep", "remove"], "choice_invalid").default("keep"),
});
export type BrandingValues = z.infer<typeof brandingSchema>;
export type BrandingField = keyof BrandingValues | "logo";

/** The largest logo accepted, in bytes (the organization_logos_size_ck constraint repeats it). */
export const MAX_LOGO_BYTES = 200 * 1024;

export type LogoType = { contentType: "image/png" | "image/jpeg"; ext: "png" | "jpg" };

/**
 * The logo's type from its first bytes (never from the file name or the browser's claim): PNG
 * or JPEG. SVG is refused — it can carry scripts and external references, and a sanitiser for
 * it is a dependency this feature does not need (docs/operations.md "Branding").
 */
export function sniffLogo(bytes: Uint8Array): LogoType | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length > 24 && png.every((b, i) => bytes[i] === b)) return { contentType: "image/png", ext: "png" };
  // JPEG: SOI marker, then another marker (APPn, DQT, …)
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { contentType: "image/jpeg", ext: "jpg" };
  return null;
}

/** What a logo upload is refused for (the form shows it next to the file field). */
export type LogoProblem = "logo_too_large" | "logo_type" | "logo_svg";

export function checkLogo(bytes: Uint8Array): { ok: true; type: LogoType } | { ok: false; error: LogoProblem } {
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, error: "logo_too_large" };
  const type = sniffLogo(bytes);
  if (type) return { ok: true, type };
  // tell SVG apart, so the admin learns that SVG is refused on purpose, not broken
  const head = Buffer.from(bytes.subarray(0, 512)).toString("utf8").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return { ok: false, error: "logo_svg" };
  return { ok: false, error: "logo_type" };
}

/** What public pages and e-mails show of an organisation. */
export type Brand = { name: string; accentColor: string | null; logoUrl: string | null };

/** The path of an organisation's current logo (the file name changes with every upload: cached for a year). */
export const logoPath = (organizationId: string, logoFile: string | null | undefined) => (logoFile ? `/logo/${organizationId}/${logoFile}` : null);

/** The branding of an organisation row (or a MessageOrg); `absolute` turns the logo path into a URL for e-mails. */
export function brandOf(
  org: { id: string; name: string; accentColor?: string | null; logoFile?: string | null },
  absolute: (path: string) => string = (p) => p,
): Brand {
  const path = logoPath(org.id, org.logoFile);
  return { name: org.name, accentColor: org.accentColor && HEX_COLOR.test(org.accentColor) ? org.accentColor : null, logoUrl: path ? absolute(path) : null };
}
