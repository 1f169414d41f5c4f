import { describe, expect, it } from "vitest";
import { fmt, markdownTable, percentile, replaceBlock } from "../../bench/lib";
import { multipart } from "../../bench/sections/respond";
import { WindowLimiter } from "../fakes/http";

describe("bench helpers", () => {
  it("percentile takes the nearest rank of a sorted list", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it("formats integers with separators and fractions to a few places", () => {
    expect(fmt(12345)).toBe("12,345");
    expect(fmt(3.14159)).toBe("3.14");
    expect(fmt(123.456)).toBe("123.5");
    expect(fmt("skipped")).toBe("skipped");
  });

  it("renders rows as a Markdown table with value and unit in one right-aligned column", () => {
    const md = markdownTable([{ section: "matching", metric: "countMatches", value: 12.5, unit: "ms p50", note: "p95 20 ms" }]);
    expect(md.split("\n")).toEqual(["| section | metric | value | note |", "| --- | --- | ---: | --- |", "| matching | countMatches | 12.5 ms p50 | p95 20 ms |"]);
  });

  it("replaces only its own database's block and keeps the hand-written text", () => {
    const doc = "# B\n\nintro\n\n<!-- bench:postgres -->\nold pg\n<!-- /bench:postgres -->\n\n<!-- bench:pglite -->\nold lite\n<!-- /bench:pglite -->\n\nreading\n";
    const next = replaceBlock(doc, "postgres", "new pg\n");
    expect(next).toContain("<!-- bench:postgres -->\nnew pg\n<!-- /bench:postgres -->");
    expect(next).toContain("old lite");
    expect(next).not.toContain("old pg");
    expect(next.startsWith("# B\n\nintro\n")).toBe(true);
    expect(next.endsWith("reading\n")).toBe(true);
    expect(replaceBlock("# B\n", "pglite", "t")).toBe("# B\n\n<!-- bench:pglite -->\nt\n<!-- /bench:pglite -->\n");
  });

  it("builds a multipart body like a browser form post", () => {
    const { body, contentType } = multipart({ $ACTION_ID_ab: "", token: "t1", answer: "accept" });
    const boundary = contentType.split("boundary=")[1];
    expect(contentType.startsWith("multipart/form-data; boundary=")).toBe(true);
    expect(body).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="answer"\r\n\r\naccept\r\n`);
    expect(body.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  it("the fakes' rate limit admits N calls per sliding second", () => {
    const l = new WindowLimiter(2);
    expect([l.admit(0), l.admit(100), l.admit(200), l.admit(999), l.admit(1000), l.admit(1100), l.admit(1150)]).toEqual([true, true, false, false, true, true, false]);
  });
});
