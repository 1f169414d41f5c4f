import { getLocale } from "next-intl/server";
import { toLocale } from "@/i18n/config";
import { ClientTexts } from "@/i18n/client";
import { clientMessages } from "@/i18n/client-messages";

/**
 * The translated client components of the volunteer pages (registration and profile form,
 * sign-in form, pause form) get the namespaces they use — and only the
 * pages that show one: the landing page and the response page carry no message catalogue and no
 * message formatter (issue 19).
 */
export async function VolunteerIntl({ children }: { children: React.ReactNode }) {
  const locale = toLocale(await getLocale());
  return (
    <ClientTexts locale={locale} messages={clientMessages(locale, ["volunteers"])}>
      {children}
    </ClientTexts>
  );
}
