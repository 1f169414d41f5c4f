/** Webhook bodies are small; anything larger is refused before it is read into memory twice. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export async function readLimitedText(req: Request): Promise<string | null> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_WEBHOOK_BYTES) return null;
  const text = await req.text();
  return text.length > MAX_WEBHOOK_BYTES ? null : text;
}

export function formParams(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw));
}
