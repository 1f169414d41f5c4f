/**
 * The form of a small POST (a one-tap answer: a few short fields), read with a bound: null when
 * the body is larger than `maxBytes`, unreadable or not a form. The caller answers null calmly
 * (the answer route shows the page), so no body can make it buffer more or answer a 500.
 */
export async function readSmallForm(request: Request, maxBytes: number): Promise<FormData | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!request.body || (Number.isFinite(declared) && declared > maxBytes)) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const type = request.headers.get("content-type") ?? "";
  return new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData().catch(() => null);
}
