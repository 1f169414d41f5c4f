import type { Block, DocumentSection, RecordDocument } from "./document";

/**
 * Text as literal Markdown: "Koordinator*innen … Administrator*innen" must not turn into
 * emphasis, and an organisation named "# …" or "<b>" must not become a heading or HTML.
 */
const inline = (s: string) => s.replace(/[\\*`<>[\]]/g, "\\$&");
/** One line of text in a table cell: no line breaks, pipes escaped. */
const cell = (s: string) => inline(s.replace(/\s*[\r\n]+\s*/g, " ")).replace(/\|/g, "\\|");
const text = (s: string) => inline(s.replace(/\r\n?/g, "\n")).replace(/^([#>+-]|\d+\.)(\s)/gm, "\\$1$2");

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return text(b.text);
    case "list":
      return b.items.map((i) => `- ${text(i).replace(/\n/g, "\n  ")}`).join("\n");
    case "facts":
      return b.items
        .map((i) => `- **${cell(i.term)}:** ${text(i.text).replace(/\n/g, "\n  ")}`.trimEnd() + (i.list ?? []).map((l) => `\n  - ${cell(l)}`).join(""))
        .join("\n");
    case "table":
      return [`| ${b.head.map(cell).join(" | ")} |`, `| ${b.head.map(() => "---").join(" | ")} |`, ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
  }
}

function section(s: DocumentSection, level: number): string {
  const parts = [`${"#".repeat(level)} ${cell(s.title)}`, ...s.blocks.map(block), ...(s.sections ?? []).map((sub) => section(sub, level + 1))];
  return parts.join("\n\n");
}

/** The record as a Markdown file (CommonMark + GFM tables). */
export function renderRecordMarkdown(doc: RecordDocument): string {
  return [`# ${cell(doc.title)}`, `_${cell(doc.subtitle)}_`, ...doc.lead.map(text), ...doc.sections.map((s) => section(s, 2))].join("\n\n") + "\n";
}
