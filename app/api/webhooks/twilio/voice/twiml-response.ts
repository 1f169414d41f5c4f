/** What the voice routes share: the query (message id, menu attempt, repeats) and the TwiML answer. */
export function voiceQuery(req: Request): { messageId: string | null; attempt: number; repeat: number } {
  const q = new URL(req.url).searchParams;
  const small = (v: string | null) => (v && /^[0-9]$/.test(v) ? Number(v) : 0);
  return { messageId: q.get("m"), attempt: small(q.get("a")), repeat: small(q.get("r")) };
}

export function twimlResponse(xml: string): Response {
  return new Response(xml, { headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } });
}
