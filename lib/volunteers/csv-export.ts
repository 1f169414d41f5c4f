import { csvHeader, csvRows } from "@/lib/csv";
import { getDb } from "@/db";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { gate, type AdminCtx, type Denied } from "@/lib/admin/operation";
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
export async function exportVolunteersCsv(
  actor: Actor | null,
  filters: DirectoryFilters,
  ctx: AdminCtx,
  locale: Locale = "de",
): Promise<Denied | { ok: true; csv: string; count: number }> {
  const action = "volunteer.export";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const t = translator(locale, "admin");
  const yes = t("csv.yes");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lines: string[] = [csvHeader(COLUMNS.map((c) => t(`csv.${c}`)))];
    let count = 0;
    for await (const batch of volunteersForExport(tx, a.organizationId, filters)) {
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
    await recordAudit(tx, {
      organizationId: a.organizationId,
      actorUserId: a.userId,
      actorType: "user",
      action,
      objectType: "volunteer",
      ip: ctx.ip,
      // which filters were used, not their values (a free-text filter may contain a name)
      details: { count, filters: Object.keys(filters).filter((k) => filters[k as keyof DirectoryFilters] !== undefined) },
    });
    return { ok: true as const, csv: lines.join(""), count };
  });
}
