import { NextResponse, type NextRequest } from "next/server";
import { getLocale } from "next-intl/server";
import { toLocale } from "@/i18n/config";
import { getActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite } from "@/lib/http/request-origin";
import { exportProcessingRecordMarkdown } from "@/lib/privacy/admin";

/**
 * POST (the button on /admin/privacy-records): the record of processing activities as a Markdown
 * file. Admins only, audited (privacy.export_records). 401 without a coordinator session, 403 for
 * coordinators and for a cross-site POST. A POST because the download writes an audit entry.
 */
export async function POST(req: NextRequest) {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const result = await exportProcessingRecordMarkdown(await getActor(), { ip: clientIpFrom(req.headers) }, toLocale(await getLocale()));
  if (!result.ok) return new NextResponse(result.error, { status: result.error === "unauthenticated" ? 401 : 403 });
  return new NextResponse(result.markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
    },
  });
}
