import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { smsLinkHostRedirect } from "@/lib/http/sms-link-host";

const c = { appUrl: "https://helfen.example.org", smsLinkBaseUrl: "https://hr.example", TRUSTED_PROXY_HOPS: 0 };
const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers: new Headers(headers) });

describe("SMS_LINK_BASE_URL", () => {
  it("is a bare https origin in production, defaults to APP_URL, and drops a trailing slash", () => {
    expect(parseConfig({ APP_URL: "https://helfen.example.org" }).smsLinkBaseUrl).toBe("https://helfen.example.org");
    expect(parseConfig({ APP_URL: "https://helfen.example.org", SMS_LINK_BASE_URL: "https://hr.example/" }).smsLinkBaseUrl).toBe("https://hr.example");
    for (const bad of ["https://hr.example/r", "https://hr.example/?x=1", "https://user@hr.example", "ftp://hr.example", "hr.example"]) {
      expect(() => parseConfig({ SMS_LINK_BASE_URL: bad }), bad).toThrow(/SMS_LINK_BASE_URL/);
    }
    expect(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), SMS_LINK_BASE_URL: "http://hr.example" })).toThrow(ConfigError);
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), SMS_LINK_BASE_URL: "https://hr.example" }).smsLinkBaseUrl).toBe("https://hr.example");
  });
});

describe("a tap on an SMS link of the short host", () => {
  it("is sent on to the same path and query on APP_URL (GET and HEAD)", () => {
    expect(smsLinkHostRedirect(req("GET", "http://127.0.0.1:3000/r/AbCdEfGhIjKlMnOpQrStUv?answer=accept", { host: "hr.example" }), c)).toEqual({
      redirect: "https://helfen.example.org/r/AbCdEfGhIjKlMnOpQrStUv?answer=accept",
    });
    expect(smsLinkHostRedirect(req("HEAD", "http://127.0.0.1:3000/r/x", { host: "HR.example" }), c)).toEqual({ redirect: "https://helfen.example.org/r/x" });
  });

  it("leaves requests on the app's own host alone, and refuses anything but GET/HEAD on the short host", () => {
    expect(smsLinkHostRedirect(req("GET", "http://127.0.0.1:3000/r/x", { host: "helfen.example.org" }), c)).toBeNull();
    expect(smsLinkHostRedirect(req("POST", "http://127.0.0.1:3000/r/x", { host: "hr.example" }), c)).toEqual({ refuse: true });
    // without SMS_LINK_BASE_URL the link base is APP_URL: nothing to redirect
    expect(smsLinkHostRedirect(req("GET", "http://127.0.0.1:3000/r/x", { host: "helfen.example.org" }), { ...c, smsLinkBaseUrl: c.appUrl })).toBeNull();
  });

  it("behind a trusted proxy reads the host the proxy forwarded, never a client's X-Forwarded-Host without one", () => {
    const behind = { ...c, TRUSTED_PROXY_HOPS: 1 };
    expect(smsLinkHostRedirect(req("GET", "http://app:3000/r/x", { host: "app:3000", "x-forwarded-host": "hr.example" }), behind)).toEqual({ redirect: "https://helfen.example.org/r/x" });
    expect(smsLinkHostRedirect(req("GET", "http://app:3000/r/x", { host: "helfen.example.org", "x-forwarded-host": "hr.example" }), c)).toBeNull();
  });
});
