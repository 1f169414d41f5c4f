import { describe, expect, it } from "vitest";
import { bySummaryRow } from "@/lib/messaging/dispatcher";

const m = (id: string, over: Partial<{ organizationId: string; channel: "email" | "sms" | "voice"; requestId: string | null; createdAt: Date }> = {}) => ({
  id,
  organizationId: "org-a",
  channel: "email" as const,
  requestId: "req-1",
  createdAt: new Date("2026-12-01T22:59:00Z"),
  ...over,
});

describe("bySummaryRow (one report row per marking statement, so parallel runs cannot deadlock)", () => {
  it("keeps the messages of one report row together, in their order", () => {
    const groups = bySummaryRow([m("1"), m("2"), m("3")]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([["1", "2", "3"]]);
  });

  it("splits by organisation, channel and request (none is a row of its own)", () => {
    const groups = bySummaryRow([m("1"), m("2", { organizationId: "org-b" }), m("3", { channel: "sms" }), m("4", { requestId: null }), m("5", { requestId: "req-2" }), m("6")]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([["1", "6"], ["2"], ["3"], ["4"], ["5"]]);
  });

  it("splits at quarter hours of creation, so a group never spans two local days in any time zone", () => {
    // 22:59 and 23:00 UTC are different days in Berlin (23:59 / 00:00); 23:00 and 23:14 are one quarter hour
    const groups = bySummaryRow([m("1"), m("2", { createdAt: new Date("2026-12-01T23:00:00Z") }), m("3", { createdAt: new Date("2026-12-01T23:14:59Z") })]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([["1"], ["2", "3"]]);
  });
});
