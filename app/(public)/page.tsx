import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getDb } from "@/db";
import { isolateIn } from "@/i18n/bidi";
import { EasyLanguageIcon } from "@/components/accessibility/easy-language-icon";
import { SignLanguageSymbol } from "@/components/accessibility/sign-language-symbol";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getPublicStats } from "@/lib/organizations/public-stats";

async function loadStats() {
  try {
    const stats = await getPublicStats(await getDb());
    return { org: stats.organization, count: stats.volunteers };
  } catch {
    // The landing page stays up when the database is down; /api/health tells why.
    return null;
  }
}

export default async function LandingPage() {
  await connection();
  const t = await getTranslations("landing");
  const ta = await getTranslations("accessibility.links");
  const stats = await loadStats();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{t("title")}</h1>
        <p className="text-lg">{t("lead")}</p>
        {stats ? <p className="text-slate-700">{t("stats", { count: stats.count, org: isolateIn(await getLocale(), stats.org) })}</p> : null}
      </section>
      <nav aria-label={ta("label")} className="flex flex-wrap gap-x-6 gap-y-1">
        <Link href="/leichte-sprache" className="inline-flex min-h-11 items-center gap-2 font-semibold">
          <EasyLanguageIcon />
          {ta("easy")}
        </Link>
        <Link href="/gebaerdensprache" className="inline-flex min-h-11 items-center gap-2 font-semibold">
          <SignLanguageSymbol className="size-8 shrink-0" />
          {ta("sign")}
        </Link>
      </nav>
      <nav aria-label={t("title")} className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <LinkButton href="/register" className="text-lg">{t("register")}</LinkButton>
        <LinkButton href="/manage" variant="secondary">{t("manage")}</LinkButton>
        <LinkButton href="/admin" variant="ghost">{t("coordinator")}</LinkButton>
      </nav>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("howTitle")}</h2>
        <ol className="list-decimal space-y-2 ps-5">
          <li>{t("how1")}</li>
          <li>{t("how2")}</li>
          <li>{t("how3")}</li>
        </ol>
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("privacyTitle")}</h2>
        <p>{t("privacyBody")}</p>
      </Card>
    </div>
  );
}
