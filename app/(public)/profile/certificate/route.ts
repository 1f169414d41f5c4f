import { NextResponse } from "next/server";
import { publicRoute } from "@/app/_edge/routes";
import { downloadOwnCertificate } from "@/lib/attendance/certificate";
import { certificateErrorQuery } from "@/lib/attendance/certificate-query";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite, requestOrigin } from "@/lib/http/request-origin";
import { getVolunteerSession } from "@/lib/volunteers/session";

export const dynamic = "force-dynamic";

/**
 * POST from "my commitments": the signed-in volunteer's own certificate as a PDF (the session says
 * whose; no id is read from the form). Errors go back to the form (303 with the errors in the query).
 */
export const POST = publicRoute(async (req) => {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const form = await req.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const result = await downloadOwnCertificate(await getVolunteerSession(), raw, { ip: clientIpFrom(req.headers) });
  if (!result.ok) {
    // the origin the browser used (NextRequest normalises 127.0.0.1 to localhost, which would lose the cookie)
    const origin = requestOrigin(req);
    if (result.error === "unauthenticated") return NextResponse.redirect(new URL("/manage", origin), 303);
    const errors = result.error === "invalid" ? result.fieldErrors : { form: result.error };
    return NextResponse.redirect(new URL(`/profile?${certificateErrorQuery(errors, raw)}#certificate`, origin), 303);
  }
  return new NextResponse(new Uint8Array(result.pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
    },
  });
});
