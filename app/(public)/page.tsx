import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getDb } from "@/db";
import type { Organization } from "@/db/schema";
import { isolateIn } from "@/i18n/bidi";
import { EasyLanguageIcon } from "@/components/accessibility/easy-language-icon";
import { SignLanguageSymbol } from "@/components/accessibility/sign-language-symbol";
import { LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { landingOf, resolvePublicScope, type ListedOrganization } from "@/lib/organizations/public";
import { getPublicStats } from "@/lib/organizations/public-stats";
import { pageScope, type PublicPageProps } from "./_scope/scope";
import { brandOf, logoPath } from "@/lib/organizations/branding-rules";
import { BrandScope } from "@/components/brand-scope";

async function loadStats(org: Organization | null) {
  if (!org) return null;
  try {
    const stats = await getPublicStats(await getDb(), Date.now(), org);
    return { org: stats.organization, count: stats.volunteers, openNeeds: stats.openNeeds, closed: !!org.suspendedAt, brand: brandOf(org) };
  } catch {
    // The landing page stays up when the database is down; /api/health tells why.
    return null;
  }
}

/** `/` lists the organisations that opted in when there are two or more (lib/organizations/public.ts). */
async function listedOrganizations(slug: string | undefined): Promise<ListedOrganization[] | null> {
  if (slug !== undefined) return null;
  try {
    const landing = await landingOf(await getDb());
    return landing.kind === "list" ? landing.organizations : null;
  } catch {
    return null;
  }
}

/**
 * The landing page: at `/` (the public organisation, or the list of organisations) and at
 * `/o/<slug>` (that organisation; app/(public)/o/[slug]/page.tsx re-exports this page).
 */
export default async function LandingPage({ params }: PublicPageProps) {
  await connection();
  const slug = (await params)?.slug;
  const listed = await listedOrganizations(slug);
  if (listed) return <OrganizationList organizations={listed} />;
  const t = await getTranslations("landing");
  const tv = await getTranslations("volunteers.register");
  // `/` stays up when the database is down (without the figures); an unknown slug answers 404
  const scope = slug !== undefined ? await pageScope(params) : await getDb().then((db) => resolvePublicScope(db, undefined)).catch(() => null);
  const locale = await getLocale();
  const stats = await loadStats(scope?.org ?? null);
  const base = scope?.base ?? "";
  const page = (
    <div className="mx-auto max-w-3xl space-y-6">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{t("title")}</h1>
        <p className="text-lg">{t("lead")}</p>
        {stats ? <p className="text-slate-700">{t("stats", { count: stats.count, org: isolateIn(locale, stats.org) })}</p> : null}
        {stats && stats.openNeeds !== null && stats.openNeeds > 0 ? (
          <p className="text-lg font-semibold" data-testid="landing-open-needs">
            {t("openNeeds", { count: stats.openNeeds })}
          </p>
        ) : null}
      </section>
      <AccessibleLinks base={base} />
      {stats?.closed ? <Notice tone="info">{tv("closed", { org: isolateIn(locale, stats.org) })}</Notice> : null}
      <nav aria-label={t("title")} className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        {stats?.closed ? null : <LinkButton href={`${base}/register`} className="text-lg">{t("register")}</LinkButton>}
        <LinkButton href={`${base}/manage`} variant="secondary">{t("manage")}</LinkButton>
        <LinkButton href="/admin" variant="ghost">{t("coordinator")}</LinkButton>
      </nav>
      <HowItWorks />
    </div>
  );
  // the organisation's name, logo and accent colour on top (components/brand-scope.tsx)
  return stats ? <BrandScope brand={stats.brand} className="mx-auto max-w-3xl">{page}</BrandScope> : page;
}

async function AccessibleLinks({ base }: { base: string }) {
  const ta = await getTranslations("accessibility.links");
  return (
    <nav aria-label={ta("label")} className="flex flex-wrap gap-x-6 gap-y-1">
      <Link href={`${base}/leichte-sprache`} className="inline-flex min-h-11 items-center gap-2 font-semibold">
        <EasyLanguageIcon />
        {ta("easy")}
      </Link>
      <Link href={`${base}/gebaerdensprache`} className="inline-flex min-h-11 items-center gap-2 font-semibold">
        <SignLanguageSymbol className="size-8 shrink-0" />
        {ta("sign")}
      </Link>
    </nav>
  );
}

async function HowItWorks() {
  const t = await getTranslations("landing");
  return (
    <>
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
    </>
  );
}

/** `/` on an installation with several listed organisations: each with its own pages and registration. */
async function OrganizationList({ organizations }: { organizations: ListedOrganization[] }) {
  const t = await getTranslations("landing");
  const locale = await getLocale();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{t("title")}</h1>
        <p className="text-lg">{t("lead")}</p>
      </section>
      <section aria-labelledby="organizations-title" className="space-y-3">
        <h2 id="organizations-title" className="text-2xl font-bold">{t("organizationsTitle")}</h2>
        <p>{t("organizationsLead")}</p>
        <ul className="space-y-3" data-testid="organization-list">
          {organizations.map((o) => (
            <li key={o.id}>
              <Card className="space-y-3">
                <div className="flex items-center gap-3">
                  {o.logoFile ? (
                    // the name stands next to it: decoration for screen readers
                    // eslint-disable-next-line @next/next/no-img-element
                    <img src={logoPath(o.id, o.logoFile)!} alt="" className="h-10 w-auto max-w-32 object-contain" data-testid="organization-logo" />
                  ) : null}
                  <h3 className="text-xl font-bold [overflow-wrap:anywhere]">
                    <Link href={`/o/${o.slug}`}>{o.name}</Link>
                  </h3>
                </div>
                <LinkButton href={`/o/${o.slug}/register`} variant="secondary" className="w-full sm:w-auto">
                  {t("organizationRegister", { org: isolateIn(locale, o.name) })}
                </LinkButton>
              </Card>
            </li>
          ))}
        </ul>
      </section>
      <AccessibleLinks base="" />
      <nav aria-label={t("title")} className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <LinkButton href="/manage" variant="secondary">{t("manage")}</LinkButton>
        <LinkButton href="/admin" variant="ghost">{t("coordinator")}</LinkButton>
      </nav>
      <HowItWorks />
    </div>
  );
}
