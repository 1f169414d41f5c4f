import { describe, expect, it } from "vitest";
import { brandingSchema, checkLogo, contrastRatio, formatRatio, MAX_LOGO_BYTES, relativeLuminance, sendersSchema, smsSenderOf } from "@/lib/organizations/branding-rules";
import { formatFrom, parseFrom, senderOfOrganization } from "@/lib/messaging/sender";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40)]);

describe("accent colour contrast (WCAG relative luminance)", () => {
  it("computes the known ratios: black/white 21:1, white/white 1:1, #767676 just above 4.5:1", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
    expect(formatRatio(contrastRatio("#777777", "#ffffff"))).toBe("4.47");
  });

  it("accepts a dark enough colour, stored as lower-case #rrggbb (also from #RGB)", () => {
    expect(brandingSchema.parse({ accentColor: " #174C99 " })).toMatchObject({ accentColor: "#174c99", logoAction: "keep" });
    expect(brandingSchema.parse({ accentColor: "#036" }).accentColor).toBe("#003366");
    expect(brandingSchema.parse({ accentColor: "" }).accentColor).toBeNull();
  });

  it.each([
    ["#ffcc00", "accent_contrast"], // yellow: 1.6:1
    ["#777777", "accent_contrast"], // 4.47:1 — just below
    ["174c99", "color_invalid"],
    ["#12345g", "color_invalid"],
    ["red", "color_invalid"],
  ])("refuses %s with %s", (accentColor, code) => {
    const r = brandingSchema.safeParse({ accentColor });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["accentColor"], message: code });
  });
});

describe("sender validation", () => {
  it("takes a messaging service SID (stored in one spelling) or an alphanumeric sender ID", () => {
    expect(sendersSchema.parse({ emailFromAddress: "", emailReplyTo: "", smsSender: "MG0123456789ABCDEF0123456789abcdef" }).smsSender).toBe("MG0123456789abcdef0123456789abcdef");
    expect(sendersSchema.parse({ emailFromAddress: "", emailReplyTo: "", smsSender: "Caritas MS" }).smsSender).toBe("Caritas MS");
    expect(sendersSchema.parse({ emailFromAddress: "", emailReplyTo: "", smsSender: "" }).smsSender).toBeNull();
  });

  it.each(["Helferkreis Musterstadt", "12345", "Café", "MG123", "+4915790000000", "Hilfe!"])("refuses the SMS sender %j", (smsSender) => {
    const r = sendersSchema.safeParse({ emailFromAddress: "", emailReplyTo: "", smsSender });
    expect(r.error?.issues[0]).toMatchObject({ path: ["smsSender"], message: "sms_sender_id_invalid" });
  });

  it("takes plain addresses only (no display name smuggled into the From line)", () => {
    expect(sendersSchema.parse({ emailFromAddress: " Hilfe@Caritas-Musterstadt.de ", emailReplyTo: "", smsSender: "" })).toEqual({ emailFromAddress: "hilfe@caritas-musterstadt.de", emailReplyTo: null, smsSender: null });
    for (const bad of ["Caritas <hilfe@caritas.de>", "hilfe@caritas.de, x@y.de", "keine-adresse"]) {
      expect(sendersSchema.safeParse({ emailFromAddress: bad, emailReplyTo: "", smsSender: "" }).error?.issues[0]).toMatchObject({ path: ["emailFromAddress"], message: "email_invalid" });
    }
  });

  it("tells a messaging service from a sender ID", () => {
    expect(smsSenderOf("MG0123456789abcdef0123456789abcdef")).toEqual({ kind: "messaging_service", sid: "MG0123456789abcdef0123456789abcdef" });
    expect(smsSenderOf("Caritas")).toEqual({ kind: "alphanumeric", from: "Caritas" });
    expect(smsSenderOf(null)).toBeNull();
    expect(senderOfOrganization({ fromName: "Caritas", fromAddress: null, replyTo: null, sms: "Caritas" })).toEqual({ fromName: "Caritas", smsFrom: "Caritas" });
  });

  it("writes the From line: the organisation's name and address, the installation's where it set none, quoted when needed", () => {
    const installation = "Helferruf <helfen@example.org>";
    expect(parseFrom(installation)).toEqual({ name: "Helferruf", address: "helfen@example.org" });
    expect(formatFrom(installation, null)).toBe(installation);
    expect(formatFrom(installation, { fromName: "Caritas Musterstadt", fromAddress: "hilfe@caritas.example" })).toBe("Caritas Musterstadt <hilfe@caritas.example>");
    expect(formatFrom(installation, { fromName: "Diakonie Süd" })).toBe("Diakonie Süd <helfen@example.org>");
    expect(formatFrom(installation, { fromAddress: "hilfe@drk.example" })).toBe("Helferruf <hilfe@drk.example>");
    expect(formatFrom(installation, { fromName: 'Helferkreis e.V., "Nord"' })).toBe('"Helferkreis e.V., \\"Nord\\"" <helfen@example.org>');
  });
});

describe("logo upload check (by content, not by name)", () => {
  it("accepts PNG and JPEG by their first bytes", () => {
    expect(checkLogo(PNG)).toEqual({ ok: true, type: { contentType: "image/png", ext: "png" } });
    expect(checkLogo(JPEG)).toEqual({ ok: true, type: { contentType: "image/jpeg", ext: "jpg" } });
  });

  it("refuses SVG (scripts, external references) with its own reason, other files and files over 200 KB", () => {
    expect(checkLogo(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ ok: false, error: "logo_svg" });
    expect(checkLogo(Buffer.from("<svg></svg>"))).toEqual({ ok: false, error: "logo_svg" });
    expect(checkLogo(Buffer.from("GIF89a........................"))).toEqual({ ok: false, error: "logo_type" });
    expect(checkLogo(Buffer.from("%PDF-1.7 ............................"))).toEqual({ ok: false, error: "logo_type" });
    expect(checkLogo(Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)]))).toEqual({ ok: false, error: "logo_too_large" });
  });
});
