import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";

/**
 * The qualification types every new organisation starts with (its admins rename, add and
 * deactivate them on /admin/volunteers/qualifications). The migration that added the table
 * (0020_qualifications_notes_tags) inserts the same list for existing organisations.
 * - Erweitertes Führungszeugnis: required for work with children (§ 72a SGB VIII); renewed every 5 years in practice
 * - Erste-Hilfe-Kurs: refreshed every 2 years (DGUV rule for first aiders)
 */
export const DEFAULT_QUALIFICATION_TYPES: readonly { name: string; validityMonths: number | null }[] = [
  { name: "Erweitertes Führungszeugnis", validityMonths: 60 },
  { name: "Erste-Hilfe-Kurs", validityMonths: 24 },
  { name: "Dolmetscher-Zertifikat", validityMonths: null },
  { name: "Führerschein Klasse B", validityMonths: null },
];

/** Idempotent: an organisation's existing types (by name, case-insensitive) stay as they are. */
export async function seedDefaultQualificationTypes(db: DbOrTx, organizationId: string): Promise<void> {
  await db
    .insert(s.qualificationTypes)
    .values(DEFAULT_QUALIFICATION_TYPES.map((d) => ({ organizationId, ...d })))
    .onConflictDoNothing();
}
