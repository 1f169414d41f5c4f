import { withActor } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { getRequestBoard } from "@/lib/requests/queries";

export const dynamic = "force-dynamic";

/** The status board as JSON; the board page polls it every few seconds. Reads only (refusals are not audited: it is polled). */
export const GET = withActor<"coordinator", { id: string }>("coordinator", async (_req, actor, { params }) => {
  const board = await getRequestBoard(await getDb(), actor, params.id);
  if (!board) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(board, { headers: { "Cache-Control": "no-store" } });
});
