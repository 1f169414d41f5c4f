import { getDb } from "@/db";
import { devOutboxEnabled, devOutboxQuery, listDevOutbox } from "@/lib/messaging/dev-outbox";

export const dynamic = "force-dynamic";

/** JSON view of the development outbox (same switch as the page); used by the e2e tests. */
export async function GET(request: Request) {
  if (!devOutboxEnabled()) return Response.json({ error: "not_found" }, { status: 404 });
  const url = new URL(request.url);
  const query = devOutboxQuery.parse({ to: url.searchParams.get("to") ?? undefined, limit: url.searchParams.get("limit") ?? undefined });
  const messages = await listDevOutbox(await getDb(), query);
  return Response.json({ messages }, { headers: { "Cache-Control": "no-store" } });
}
