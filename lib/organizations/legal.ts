import "server-only";
import { getDb } from "@/db";
import type { Organization } from "@/db/schema";
import { getPublicOrganization } from "./index";

/**
 * What the privacy page and the imprint show, from the organisation's settings (the accessibility
 * pages: lib/accessibility/public.ts) — of the page's organisation (lib/organizations/public.ts), the public one by default.
 */
export async function getLegalDetails(organization?: Organization) {
  const org = organization ?? (await getPublicOrganization(await getDb()));
  return {
    name: org.name,
    address: org.settings?.address ?? null,
    privacyContact: org.settings?.privacyContact ?? null,
    imprint: org.settings?.imprint ?? null,
  };
}
