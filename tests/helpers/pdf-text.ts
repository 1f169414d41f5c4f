/** The text of every page of a PDF, read with PDF.js (the legacy build runs in Node without a canvas). */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; title: string | undefined }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    parts.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join(""));
  }
  const meta = await doc.getMetadata();
  const title = (meta.info as { Title?: string }).Title;
  await doc.destroy();
  return { text: parts.join("\n"), pages: doc.numPages, title };
}
