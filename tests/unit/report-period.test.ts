import { describe, expect, it } from "vitest";
import { monthsOf, parseReportParams, periodBounds, presetPeriod, reportQuery } from "@/lib/reports/period";
import { csvValue } from "@/lib/reports/tables";

describe("report periods", () => {
  it("presets around a day: this and last month, quarter, year (across the turn of the year)", () => {
    expect(presetPeriod("month", "2026-02-14")).toEqual({ kind: "month", from: "2026-02-01", to: "2026-02-28" });
    expect(presetPeriod("last_month", "2026-01-10")).toEqual({ kind: "last_month", from: "2025-12-01", to: "2025-12-31" });
    expect(presetPeriod("quarter", "2026-05-31")).toEqual({ kind: "quarter", from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("last_quarter", "2026-02-01")).toEqual({ kind: "last_quarter", from: "2025-10-01", to: "2025-12-31" });
    expect(presetPeriod("year", "2028-02-29")).toEqual({ kind: "year", from: "2028-01-01", to: "2028-12-31" });
    expect(presetPeriod("last_year", "2026-07-01")).toEqual({ kind: "last_year", from: "2025-01-01", to: "2025-12-31" });
  });

  it("turns days into instants of the organisation's time zone, the end exclusive", () => {
    expect(periodBounds({ kind: "custom", from: "2026-03-01", to: "2026-03-31" }, "Europe/Berlin")).toEqual({
      fromAt: new Date("2026-02-28T23:00:00Z"),
      toAt: new Date("2026-03-31T22:00:00Z"), // summer time from 29 March
    });
  });

  it("lists every month a period touches", () => {
    expect(monthsOf({ kind: "custom", from: "2025-11-15", to: "2026-02-01" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("keeps a valid custom period and writes it back into links", () => {
    const p = parseReportParams({ period: "custom", from: "2026-01-01", to: "2026-03-31", minAsked: "5" }, "2026-04-02");
    expect(p.fieldErrors).toEqual({});
    expect(reportQuery(p.params)).toBe("period=custom&from=2026-01-01&to=2026-03-31&minAsked=5");
  });

  it("takes arrays and odd types from the query string without failing", () => {
    const p = parseReportParams({ period: ["year", "month"], from: 5, to: null, activity: undefined }, "2026-04-02");
    expect(p.fieldErrors).toEqual({});
    expect(p.params.period).toEqual({ kind: "year", from: "2026-01-01", to: "2026-12-31" });
  });

  it("refuses dates more than two years ahead", () => {
    expect(parseReportParams({ period: "custom", from: "2026-01-01", to: "2030-01-01" }, "2026-04-02").fieldErrors).toEqual({ to: "date_out_of_range" });
  });
});

describe("CSV cells", () => {
  it("writes hours with two decimals, shares in percent, euros from cents", () => {
    expect(csvValue({ value: 95, kind: "hours" })).toBe(1.58);
    expect(csvValue({ value: 2 / 3, kind: "percent" })).toBe(66.7);
    expect(csvValue({ value: 56, kind: "cents" })).toBe("0.56");
    expect(csvValue({ value: null, kind: "minutes" })).toBe("");
    expect(csvValue({ value: "=cmd", kind: "text" })).toBe("=cmd"); // escaped by lib/csv.ts when written
  });
});
