import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { isLocale } from "@/i18n/config";
import { clientMessages } from "@/i18n/client-messages";
import { connection } from "next/server";
import { switchOrganizationAction } from "@/app/admin/actions";
import { signOutAction } from "@/app/admin/sign-in/actions";
import { getDb } from "@/db";
import { inputClass } from "@/components/ui/field";
import { membershipsOf } from "@/lib/auth/session";
import { Button } from "@/components/ui/button";
import { getSessionIdentity } from "@/lib/auth/guard";

/**
 * The coordinator area's frame. It only decides what navigation to show; every page, action and
 * route handler below checks authorisation itself (invariant 6).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const identity = await getSessionIdentity();
  const actor = identity?.actor ?? null;
  const t = await getTranslations("admin");
  const tn = await getTranslations("coordinatorNotices");
  const ts = await getTranslations("shifts.admin");
  const organisations = actor ? await membershipsOf(await getDb(), actor.userId) : [];
  const raw = await getLocale();
  // the coordinator area's client components (forms, live board, wave actions)
  const messages = clientMessages(isLocale(raw) ? raw : "de", ["common", "admin", "requests", "timed", "volunteers", "reports", "coordinatorNotices", "shifts"]);
  if (!actor)
    return (
      <NextIntlClientProvider messages={messages}>
        <div className="mx-auto max-w-xl">{children}</div>
      </NextIntlClientProvider>
    );
  const links: { href: string; label: string; admin?: boolean }[] = [
    { href: "/admin", label: t("nav.dashboard") },
    { href: "/admin/volunteers", label: t("nav.volunteers") },
    { href: "/admin/requests", label: t("nav.requests") },
    { href: "/admin/shifts", label: ts("nav") },
    { href: "/admin/calendar", label: t("nav.calendar") },
    { href: "/admin/reports", label: t("nav.reports") },
    { href: "/admin/notifications", label: tn("nav") },
    { href: "/admin/activities", label: t("nav.activities"), admin: true },
    { href: "/admin/members", label: t("nav.members"), admin: true },
    { href: "/admin/settings", label: t("nav.settings"), admin: true },
    { href: "/admin/audit", label: t("nav.audit"), admin: true },
    { href: "/admin/privacy-records", label: t("nav.privacyRecords"), admin: true },
    // platform administrators who are also members (lib/platform)
    ...(identity?.platformAdmin ? [{ href: "/platform", label: t("nav.platform") }] : []),
  ];
  return (
    <NextIntlClientProvider messages={messages}>
    <div className="space-y-6">
      <div className="flex flex-col gap-2 border-b border-slate-200 pb-3 md:flex-row md:items-center md:justify-between">
        <nav aria-label={t("nav.label")}>
          <ul className="flex flex-wrap gap-x-1 gap-y-1">
            {links
              .filter((l) => !l.admin || actor.role === "admin")
              .map((l) => (
                <li key={l.href}>
                  <Link href={l.href} className="inline-flex min-h-11 items-center rounded px-3 font-semibold hover:bg-brand-50">
                    {l.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {organisations.length > 1 ? (
            <form action={switchOrganizationAction} className="flex items-center gap-2">
              <label htmlFor="org-switch" className="font-semibold">{t("nav.organisation")}</label>
              <select id="org-switch" name="organizationId" defaultValue={actor.organizationId} className={inputClass}>
                {organisations.map((o) => (
                  <option key={o.organizationId} value={o.organizationId}>{o.name}</option>
                ))}
              </select>
              <Button type="submit" variant="secondary">{t("nav.switch")}</Button>
            </form>
          ) : null}
          <span>
            {actor.email} · {t(`roles.${actor.role}`)}
          </span>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">{t("nav.signOut")}</Button>
          </form>
        </div>
      </div>
      {children}
    </div>
    </NextIntlClientProvider>
  );
}
