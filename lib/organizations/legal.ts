import "server-only";
import { getDb } from "@/db";
import { getPublicOrganization } from "./index";

/** What the privacy page and the imprint show, from the organisation's settings (the accessibility pages: lib/accessibility/public.ts). */
export async function getLegalDetails() {
  const org = await getPublicOrganization(await getDb());
  return {
    name: org.name,
    address: org.settings?.address ?? null,
    privacyContact: org.settings?.privacyContact ?? null,
    imprint: org.settings?.imprint ?? null,
  };
}
