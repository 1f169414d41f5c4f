import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth/guard";
import { issueCertificate } from "@/lib/attendance/certificate";
import { certificateErrorQuery } from "@/lib/attendance/certificate-query";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite, requestOrigin } from "@/lib/http/request-origin";

export const dynamic = "force-dynamic";

/**
 * POST from the volunteer's page: a coordinator issues that volunteer's certificate (PDF), audited.
 * 401 without a coordinator session, 403 for another organisation's volunteer or a cross-site
 * POST; bad dates or no hours go back to the form (303).
 */
export async function POST(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const { id } = await params;
  const form = await req.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const result = await issueCertificate(await getActor(), id, raw, { ip: clientIpFrom(req.headers) });
  if (!result.ok) {
    if (result.error === "unauthenticated") return new NextResponse(result.error, { status: 401 });
    if (result.error === "forbidden") return new NextResponse(result.error, { status: 403 });
    if (result.error === "not_found") return new NextResponse(result.error, { status: 404 });
    const errors = result.error === "invalid" ? result.fieldErrors : { form: result.error };
    // the origin the browser used (NextRequest normalises 127.0.0.1 to localhost, which would lose the cookie)
    return NextResponse.redirect(new URL(`/admin/volunteers/${id}?${certificateErrorQuery(errors, raw)}#certificate`, requestOrigin(req)), 303);
  }
  return new NextResponse(new Uint8Array(result.pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
    },
  });
}
