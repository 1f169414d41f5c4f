import { withActor } from "@/app/_edge/routes";
import { config } from "@/lib/config";
import { uploadImport } from "@/lib/volunteers/import";

const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/**
 * POST (multipart, the upload form of /admin/volunteers/import; works without JavaScript): reads
 * and checks the file, holds it sealed for the import session and continues with the column
 * mapping; a refused file goes back to the form with its reason. A route handler rather than a
 * server action: server actions cap bodies at 1 MB, IMPORT_MAX_BYTES is larger. Admins only
 * (401/403 otherwise, audited), cross-site POSTs refused (withActor).
 */
export const POST = withActor({ role: "admin", action: "volunteer.import_upload" }, async (req, actor, ctx) => {
  const max = config().IMPORT_MAX_BYTES;
  // refuse before reading a body far beyond the limit (multipart adds a little around the file)
  if (Number(req.headers.get("content-length") ?? 0) > max + 64 * 1024) return seeOther("/admin/volunteers/import?error=too_large");
  const form = await req.formData().catch(() => null);
  const file = form?.get("file");
  if (!file || typeof file === "string" || file.size === 0) return seeOther("/admin/volunteers/import?error=no_file");
  if (file.size > max) return seeOther("/admin/volunteers/import?error=too_large");
  const result = await uploadImport(actor, { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }, ctx);
  return seeOther(result.ok ? `/admin/volunteers/import/${result.id}` : `/admin/volunteers/import?error=${result.error}`);
});
