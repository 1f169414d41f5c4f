import { csvHeader, csvRows } from "@/lib/csv";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { auditedTransaction, type AdminCtx } from "@/lib/admin/operation";
import type { AdminActor } from "@/lib/auth/guard-types";
import { ok, type Ok } from "@/lib/result";
import { volunteersForExport, type DirectoryFilters } from "./directory";

const COLUMNS = [
  "lastName", "firstName", "status", "email", "emailConfirmed", "phone", "phoneConfirmed", "contactPreference", "locale",
  "activities", "languages", "hasDrivingLicence", "hasCar", "registeredAt",
] as const;

/**
 * CSV of the filtered directory, admins only (it is an export of personal data, audited with the
 * filters used and the number of rows — never the rows themselves). The CSV dialect (BOM, formula
 * escaping) is lib/csv.ts, shared with the report exports.
 */
export async function exportVolunteersCsv(actor: AdminActor, filters: DirectoryFilters, ctx: AdminCtx, locale: Locale = "de"): Promise<Ok<{ csv: string; count: number }>> {
  const t = translator(locale, "admin");
  const yes = t("csv.yes");
  const csv = await auditedTransaction(actor, ctx, "volunteer.export", async (tx, audit) => {
    const lines: string[] = [csvHeader(COLUMNS.map((c) => t(`csv.${c}`)))];
    let count = 0;
    for await (const batch of volunteersForExport(tx, actor.organizationId, filters)) {
      count += batch.length;
      lines.push(
        csvRows(
          batch.map((v) => [
            v.lastName,
            v.firstName,
            t(`status.${v.status}`),
            v.email ?? "",
            v.emailConfirmedAt ? yes : "",
            v.phone ?? "",
            v.phoneConfirmedAt ? yes : "",
            v.contactPreference,
            v.locale,
            v.activities,
            v.languages,
            v.hasDrivingLicence ? yes : "",
            v.hasCar ? yes : "",
            v.createdAt.toISOString().slice(0, 10),
          ]),
        ),
      );
    }
    // which filters were used, not their values (a free-text filter may contain a name)
    await audit({ type: "volunteer" }, { count, filters: Object.keys(filters).filter((k) => filters[k as keyof DirectoryFilters] !== undefined) });
    return { csv: lines.join(""), count };
  });
  return ok(csv);
}
