import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { describeRecord } from "@/lib/privacy/document";
import { renderRecordMarkdown } from "@/lib/privacy/markdown";
import { buildProcessingRecord } from "@/lib/privacy/records";

describe("the record as Markdown", () => {
  it("keeps every text literal: gender stars, pipes, headings and HTML in names do not become Markdown", () => {
    const record = buildProcessingRecord({ name: "# Amt | <b>Nord</b>", settings: { address: "Weg 1\n# Kopf", privacyContact: "dsb@example.org" } }, parseConfig({ HOSTING_PROVIDER: "Host | *fett*" }), new Date("2027-01-15T10:00:00Z"));
    const md = renderRecordMarkdown(describeRecord(record, "de"));
    expect(md).toContain("- **Name:** \\# Amt | \\<b\\>Nord\\</b\\>");
    expect(md).toContain("- **Anschrift:** Weg 1\n  \\# Kopf");
    expect(md).toContain("| Hosting der Anwendung | Host \\| \\*fett\\* | — | HOSTING_PROVIDER |");
    expect(md).toContain("Koordinator\\*innen von # Amt | \\<b\\>Nord\\</b\\>; Administrator\\*innen");
    expect(md).not.toMatch(/<b>/);
    expect(md).toContain("Erstellt am 15. Januar 2027 um 11:00");
    // every table row has as many cells as its header
    for (const table of md.split("\n\n").filter((b) => b.startsWith("| "))) {
      const cells = table.split("\n").map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(cells).size).toBe(1);
    }
  });
});
