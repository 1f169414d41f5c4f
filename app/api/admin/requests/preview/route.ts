import { withActor } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { previewRequest } from "@/lib/requests/preview";

export const dynamic = "force-dynamic";

const FIELDS = ["activityId", "title", "details", "place", "startsAt", "endsAt", "helpersNeeded", "languageMode", "channels", "requireDrivingLicence", "requireCar"];

/** Live match count and message preview for the new-request form. Reads only (refusals are not audited: it is polled). */
export const GET = withActor("coordinator", async (request, actor) => {
  const q = new URL(request.url).searchParams;
  const raw: Record<string, unknown> = { languages: q.getAll("languages").slice(0, 20) };
  for (const key of FIELDS) {
    const v = q.get(key);
    if (v !== null) raw[key] = v.slice(0, 2000);
  }
  const preview = await previewRequest(await getDb(), actor, raw);
  return Response.json(preview, { headers: { "Cache-Control": "no-store" } });
});
