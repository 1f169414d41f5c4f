import "server-only";
import type { Db } from "@/db";
import { getDb } from "@/db";
import type { Organization } from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { config } from "@/lib/config";
import { getPublicOrganization } from "@/lib/organizations";
import { describePrivacyNotice } from "./document";
import { buildProcessingRecord } from "./records";

/**
 * What the public privacy page says about erasure periods and processors: built from the same
 * record of processing activities as the admin page, for the organisation public pages belong to.
 */
export async function getPublicPrivacyNotice(locale: Locale, db?: Db, organization?: Organization) {
  const org = organization ?? (await getPublicOrganization(db ?? (await getDb())));
  return describePrivacyNotice(buildProcessingRecord(org, config()), locale);
}
