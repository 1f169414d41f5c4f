import { NextResponse } from "next/server";
import { getLocale } from "next-intl/server";
import { withActor } from "@/app/_edge/routes";
import { toLocale } from "@/i18n/config";
import { parseDirectoryFilters } from "@/lib/volunteers/directory";
import { exportVolunteersCsv } from "@/lib/volunteers/csv-export";

/**
 * POST (a button on the directory, with the current filters as hidden fields): CSV of the
 * filtered volunteers. Admins only, audited. 401 without a coordinator session, 403 for
 * coordinators, and a cross-site POST is refused (withActor).
 */
export const POST = withActor({ role: "admin", action: "volunteer.export" }, async (req, actor, ctx) => {
  const form = await req.formData().catch(() => new FormData());
  const filters = parseDirectoryFilters(Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string")));
  const { csv } = await exportVolunteersCsv(actor, filters, ctx, toLocale(await getLocale()));
  const date = new Date().toISOString().slice(0, 10);
  return new NextResponse(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="helferruf-volunteers-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
});
