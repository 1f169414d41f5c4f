import { describe, expect, it } from "vitest";
import { formatWhen } from "@/lib/requests/messages";

describe("formatWhen (kept per process, issue 19)", () => {
  const start = new Date("2026-12-08T08:00:00Z");
  const end = new Date("2026-12-08T11:00:00Z");

  it("keys what it keeps by language, zone, start and end", () => {
    const berlin = formatWhen("de", "Europe/Berlin", start, end);
    expect(berlin).toContain("09:00");
    expect(formatWhen("de", "America/New_York", start, end)).toContain("03:00");
    expect(formatWhen("en", "Europe/Berlin", start, end)).not.toBe(berlin);
    expect(formatWhen("de", "Europe/Berlin", start, new Date("2026-12-08T12:00:00Z"))).toContain("13:00");
    expect(formatWhen("de", "Europe/Berlin", new Date("2026-12-08T07:00:00Z"), end)).toContain("08:00");
    expect(formatWhen("de", "Europe/Berlin", start, end)).toBe(berlin);
  });

  it("stays right after more ranges than it keeps", () => {
    const first = formatWhen("de", "Europe/Berlin", start, end);
    for (let i = 0; i < 2500; i++) formatWhen("de", "Europe/Berlin", new Date(start.getTime() + i * 60_000), end);
    expect(formatWhen("de", "Europe/Berlin", new Date(start.getTime() + 2499 * 60_000), end)).toContain("10.12.2026, 02:39");
    expect(formatWhen("de", "Europe/Berlin", start, end)).toBe(first);
  });
});
