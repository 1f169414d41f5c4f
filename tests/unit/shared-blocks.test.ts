import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isWellFormedToken } from "@/lib/tokens";
import { clientIpFrom } from "@/lib/http/client-ip";
import { renderEmail } from "@/lib/messaging/templates/layout";

describe("tokens", () => {
  it("carry at least 128 random bits and are stored only as a SHA-256 hash", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
    expect(isWellFormedToken(a)).toBe(true);
    expect(isWellFormedToken("../../etc/passwd")).toBe(false);
    expect(isWellFormedToken(a + "x")).toBe(false);
  });
});

describe("client address", () => {
  it("behind one trusted proxy takes the entry it appended and ignores garbage", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }), 1)).toBe("10.0.0.1");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "2001:db8::1" }), 1)).toBe("2001:db8::1");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "<script>" }), 1)).toBeNull();
    expect(clientIpFrom(new Headers(), 1)).toBeNull();
  });
});

describe("e-mail layout", () => {
  it("renders text and escaped HTML with the volunteer footer links", () => {
    const mail = renderEmail({
      locale: "de",
      subject: "Test <b>",
      greeting: "Hallo <Anna>,",
      paragraphs: ["Ein Absatz & mehr."],
      facts: [{ label: "Wann", value: "Di 9:00" }],
      buttons: [{ label: "Zusagen", url: "http://localhost:3000/r/x?a=1&b=2" }],
      volunteerFooter: true,
    });
    expect(mail.text).toContain("Hallo <Anna>,");
    expect(mail.text).toContain("Zusagen: http://localhost:3000/r/x?a=1&b=2");
    expect(mail.text).toContain("Keine Nachrichten mehr erhalten: http://localhost:3000/manage");
    expect(mail.html).toContain("Hallo &lt;Anna&gt;,");
    expect(mail.html).not.toContain("<Anna>");
    expect(mail.html).toContain('href="http://localhost:3000/r/x?a=1&amp;b=2"');
    expect(mail.html).toContain('lang="de"');
  });
});
