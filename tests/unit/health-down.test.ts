import { afterEach, describe, expect, it, vi } from "vitest";

/** Each case loads the modules anew, as a freshly started server with that configuration would. */
async function healthWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const { GET } = await import("@/app/api/health/route");
  const res = await GET();
  return { status: res.status, body: await res.json() };
}

describe("/api/health when the database is not usable", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    (globalThis as { __helferrufDb?: unknown }).__helferrufDb = undefined;
  });

  it("answers 503 with a reason naming DATABASE_URL for a malformed URL", async () => {
    const { status, body } = await healthWith({ DATABASE_URL: "mysql://user@host/db" });
    expect(status).toBe(503);
    expect(body.status).toBe("unavailable");
    expect(body.database.reason).toMatch(/DATABASE_URL/);
  });

  it("answers 503 'connection refused' for an unreachable server, without leaking the password", async () => {
    const { status, body } = await healthWith({ DATABASE_URL: "postgres://user:topsecret@127.0.0.1:1/nothing" });
    expect(status).toBe(503);
    expect(body.database.reason).toMatch(/unreachable|refused/);
    expect(JSON.stringify(body)).not.toContain("topsecret");
  });
});
