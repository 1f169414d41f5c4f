import { publicRoute } from "@/app/_edge/routes";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { getVolunteerSession } from "@/lib/volunteers/session";

export const dynamic = "force-dynamic";

/** Art. 20: the signed-in volunteer's data as a JSON download. Reading only; authorised by the session. */
export const GET = publicRoute(async () => {
  const session = await getVolunteerSession();
  if (!session) return Response.json({ error: "unauthorized" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  const data = await exportVolunteerData(session.volunteerId);
  if (!data) return Response.json({ error: "not_found" }, { status: 404 });
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="helferruf-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
