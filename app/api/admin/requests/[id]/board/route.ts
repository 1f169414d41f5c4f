import { getDb } from "@/db";
import { authorize } from "@/lib/auth/guard";
import { getRequestBoard } from "@/lib/requests/queries";

export const dynamic = "force-dynamic";

/** The status board as JSON; the board page polls it every few seconds. Reads only. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const actor = await authorize();
  if (!actor) return Response.json({ error: "unauthorized" }, { status: 401 });
  const { id } = await ctx.params;
  const board = await getRequestBoard(await getDb(), actor, id);
  if (!board) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(board, { headers: { "Cache-Control": "no-store" } });
}
