import { describe, expect, it } from "vitest";
import { DatabaseConfigError, describeUrl, detectDriver } from "@/db/client";

describe("database driver choice", () => {
  it.each([
    [undefined, undefined, "pglite"],
    ["postgres://u:p@db.internal:5432/helferruf", undefined, "pg"],
    ["postgresql://u@127.0.0.1/test", undefined, "pg"],
    ["postgres://u:p@ep-cool-name-123456.eu-central-1.aws.neon.tech/neondb?sslmode=require", undefined, "neon"],
    ["postgres://u:p@proxy.internal/db", "neon", "neon"],
  ] as const)("%s (driver %s) → %s", (url, explicit, expected) => {
    expect(detectDriver(url, explicit)).toBe(expected);
  });

  it.each(["mysql://u@host/db", "not a url", "postgres://"])("refuses %s with a message naming DATABASE_URL", (url) => {
    expect(() => detectDriver(url)).toThrowError(DatabaseConfigError);
    expect(() => detectDriver(url)).toThrowError(/DATABASE_URL/);
  });

  it("never shows the password when describing a URL", () => {
    expect(describeUrl("postgres://user:s3cret@db.example.org:5433/helferruf")).toBe("db.example.org:5433/helferruf");
  });
});
