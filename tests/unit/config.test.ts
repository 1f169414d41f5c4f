import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

describe("configuration", () => {
  it("runs with no variables at all: embedded database, dev outbox, demo data in development", () => {
    const c = parseConfig({ NODE_ENV: "development" });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.pgliteDir).toBe(".data/pglite");
    expect(c.devOutboxEnabled).toBe(true);
    expect(c.demoData).toBe(true);
    expect(c.SEED_ADMIN_EMAIL).toBe("admin@example.org");
    expect(c.appUrl).toBe("http://localhost:3000");
  });

  it("keeps the development outbox off in production unless switched on explicitly", () => {
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x" }).devOutboxEnabled).toBe(false);
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x", HELFERRUF_DEV_OUTBOX: "1" }).devOutboxEnabled).toBe(true);
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x" }).demoData).toBe(false);
  });

  it.each([
    ["SCHEDULER_INTERVAL_MS", "soon"],
    ["SCHEDULER_INTERVAL_MS", "10"],
    ["SEED_ADMIN_EMAIL", "not-an-address"],
    ["APP_URL", "ftp://example.org"],
    ["HELFERRUF_DEV_OUTBOX", "maybe"],
    ["DATABASE_DRIVER", "sqlite"],
    ["SEED_ORG_SLUG", "Has Spaces"],
  ])("refuses an invalid %s=%s and names the variable", (variable, value) => {
    let error: unknown;
    try {
      parseConfig({ NODE_ENV: "development", [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toContain(variable);
    expect((error as Error).message).toContain(variable);
  });

  it("does not fail at start for a malformed DATABASE_URL: health reports it instead", () => {
    expect(parseConfig({ DATABASE_URL: "mysql:/nonsense" }).DATABASE_URL).toBe("mysql:/nonsense");
  });

  it("strips a trailing slash from APP_URL so links do not get a double slash", () => {
    expect(parseConfig({ APP_URL: "https://helfen.example.org/" }).appUrl).toBe("https://helfen.example.org");
  });

  it("refuses to start in production without AUTH_SECRET, but lets `next build` run without it", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
    expect(() => parseConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("defaults coordinator sessions to 8 h idle and 7 days at most", () => {
    const c = parseConfig({});
    expect([c.AUTH_IDLE_TIMEOUT_MINUTES, c.AUTH_SESSION_MAX_HOURS]).toEqual([480, 168]);
    expect(() => parseConfig({ AUTH_IDLE_TIMEOUT_MINUTES: "1" })).toThrow(/AUTH_IDLE_TIMEOUT_MINUTES/);
  });
});
