import { NextResponse, type NextRequest } from "next/server";
import { getLocale } from "next-intl/server";
import { getActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite } from "@/lib/http/request-origin";
import { parseDirectoryFilters } from "@/lib/volunteers/directory";
import { exportVolunteersCsv } from "@/lib/volunteers/csv-export";

/**
 * POST (a button on the directory, with the current filters as hidden fields): CSV of the
 * filtered volunteers. Admins only, audited. 401 without a coordinator session, 403 for
 * coordinators, and a cross-site POST is refused.
 */
export async function POST(req: NextRequest) {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const form = await req.formData().catch(() => new FormData());
  const filters = parseDirectoryFilters(Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string")));
  const result = await exportVolunteersCsv(await getActor(), filters, { ip: clientIpFrom(req.headers) }, (await getLocale()) as "de" | "en");
  if (!result.ok) return new NextResponse(result.error, { status: result.error === "unauthenticated" ? 401 : 403 });
  const date = new Date().toISOString().slice(0, 10);
  return new NextResponse(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="helferruf-volunteers-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
