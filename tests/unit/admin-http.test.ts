import { describe, expect, it } from "vitest";
import { parseSignInCode, signInConfirmPath } from "@/lib/auth/sign-in-mail";
import { afterAll, beforeAll } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { isCrossSite, requestOrigin } from "@/lib/http/request-origin";

const savedAppUrl = process.env.APP_URL;
beforeAll(() => {
  process.env.APP_URL = "http://127.0.0.1:4100";
  resetConfigForTests();
});
afterAll(() => {
  process.env.APP_URL = savedAppUrl;
  resetConfigForTests();
});

const post = (headers: Record<string, string>) => new Request("http://localhost:3000/admin/sign-in/verify", { method: "POST", headers });

describe("form POSTs to admin route handlers", () => {
  it("use APP_URL's origin, not Next's normalised localhost nor a forwarded host", () => {
    expect(requestOrigin(post({ host: "127.0.0.1:4100" }))).toBe("http://127.0.0.1:4100");
    expect(requestOrigin(post({ host: "app.internal", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }))).toBe("http://127.0.0.1:4100");
  });

  it("refuse posts from another site or an opaque origin, accept our own and origin-less ones", () => {
    expect(isCrossSite(post({ host: "127.0.0.1:4100", origin: "http://127.0.0.1:4100" }))).toBe(false);
    expect(isCrossSite(post({ host: "127.0.0.1:4100" }))).toBe(false);
    expect(isCrossSite(post({ host: "127.0.0.1:4100", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSite(post({ host: "127.0.0.1:4100", origin: "null" }))).toBe(true);
  });
});

describe("sign-in confirmation links", () => {
  it("carry token and address in one path segment and round-trip", () => {
    const token = "Ab_-".repeat(10) + "xyz";
    const path = signInConfirmPath(token, "Koordination+test@example.org");
    expect(path).toMatch(/^\/admin\/sign-in\/confirm\/[A-Za-z0-9_.-]+$/);
    expect(parseSignInCode(path.split("/confirm/")[1])).toEqual({ token, email: "Koordination+test@example.org" });
  });

  it("reject anything that is not token.address", () => {
    for (const bad of ["", "abc", "x".repeat(43), `${"x".repeat(43)}.`, `${"x".repeat(43)}.${Buffer.from("no-at-sign").toString("base64url")}`, "../../etc.passwd"]) {
      expect(parseSignInCode(bad)).toBeNull();
    }
  });
});
