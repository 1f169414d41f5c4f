import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/** `generateMetadata` of a coordinator page whose title is a key of the "admin" catalogue. */
export function adminMetadata(titleKey: "members.title" | "settings.title" | "activities.title" | "audit.title" | "volunteers.title" | "import.title" | "qualifications.title") {
  return async (): Promise<Metadata> => ({ title: (await getTranslations("admin"))(titleKey) });
}
