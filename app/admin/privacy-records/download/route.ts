import { NextResponse } from "next/server";
import { getLocale } from "next-intl/server";
import { withActor } from "@/app/_edge/routes";
import { toLocale } from "@/i18n/config";
import { exportProcessingRecordMarkdown } from "@/lib/privacy/admin";

/**
 * POST (the button on /admin/privacy-records): the record of processing activities as a Markdown
 * file. Admins only, audited (privacy.export_records). 401 without a coordinator session, 403 for
 * coordinators and for a cross-site POST (withActor). A POST because the download writes an audit entry.
 */
export const POST = withActor({ role: "admin", action: "privacy.export_records" }, async (_req, actor, ctx) => {
  const { markdown, filename } = await exportProcessingRecordMarkdown(actor, ctx, toLocale(await getLocale()));
  return new NextResponse(markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
});
