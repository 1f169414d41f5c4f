import { getDb } from "@/db";
import { authorize } from "@/lib/auth/guard";
import { previewRequest } from "@/lib/requests/preview";

export const dynamic = "force-dynamic";

/** Live match count and message preview for the new-request form. Reads only. */
export async function GET(request: Request) {
  const actor = await authorize();
  if (!actor) return Response.json({ error: "unauthorized" }, { status: 401 });
  const q = new URL(request.url).searchParams;
  const raw: Record<string, unknown> = { languages: q.getAll("languages").slice(0, 20) };
  for (const key of ["activityId", "title", "details", "place", "startsAt", "endsAt", "helpersNeeded", "languageMode", "channels", "requireDrivingLicence", "requireCar"]) {
    const v = q.get(key);
    if (v !== null) raw[key] = v.slice(0, 2000);
  }
  const preview = await previewRequest(await getDb(), actor, raw);
  return Response.json(preview, { headers: { "Cache-Control": "no-store" } });
}
