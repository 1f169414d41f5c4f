import { withActor } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { previewRequest } from "@/lib/requests/preview";
import { requestRawFromFormData } from "@/lib/requests/schema";

export const dynamic = "force-dynamic";

/**
 * Live match count and message preview for the new-request form. The query is the form, read by
 * the same function as the submit (requestRawFromFormData: languages incl. the free field, waves,
 * limits), so the preview counts what sending would do. Reads only (refusals are not audited: it is polled).
 */
export const GET = withActor("coordinator", async (request, actor) => {
  const q = new URL(request.url).searchParams;
  const fd = new FormData();
  let n = 0;
  for (const [k, v] of q) if (n++ < 200) fd.append(k, v.slice(0, 2000));
  const raw = requestRawFromFormData(fd);
  raw.languages = (raw.languages as string[]).slice(0, 20);
  const preview = await previewRequest(await getDb(), actor, raw);
  return Response.json(preview, { headers: { "Cache-Control": "no-store" } });
});
