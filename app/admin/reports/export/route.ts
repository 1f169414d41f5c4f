import { NextResponse, type NextRequest } from "next/server";
import { getLocale } from "next-intl/server";
import { toLocale } from "@/i18n/config";
import { getActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite } from "@/lib/http/request-origin";
import { exportReportCsv } from "@/lib/reports";

/**
 * POST (the "CSV" button under each table, the report's parameters as hidden fields): one table
 * of the report as CSV. Coordinators and admins (the list with names: admins), audited. 401
 * without a coordinator session, 403 for a role too low or a cross-site POST, 400 for bad input.
 */
export async function POST(req: NextRequest) {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const form = await req.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const result = await exportReportCsv(await getActor(), raw, { ip: clientIpFrom(req.headers) }, toLocale(await getLocale()));
  if (!result.ok) return new NextResponse(result.error, { status: result.error === "unauthenticated" ? 401 : result.error === "forbidden" ? 403 : 400 });
  return new NextResponse(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
    },
  });
}
