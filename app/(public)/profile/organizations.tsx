import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { isolateIn } from "@/i18n/bidi";
import { joinableOrganizations, listMemberships } from "@/lib/volunteers/join";

/**
 * Which organisations the volunteer belongs to (each keeps its own registration) and which listed
 * ones they can join (issue 16; lib/volunteers/join.ts). Only the volunteer sees this list.
 */
export async function MyOrganizations({ volunteerId, joined, reconfirm }: { volunteerId: string; joined?: string; reconfirm?: string }) {
  const t = await getTranslations("volunteers.organizations");
  const locale = await getLocale();
  const [memberships, joinable] = await Promise.all([listMemberships(volunteerId), joinableOrganizations(volunteerId)]);
  const joinedOrg = joined ? memberships.find((m) => m.slug === joined) : undefined;
  const iso = (name: string) => isolateIn(locale, name);
  return (
    <Card className="space-y-4">
      <h2 id="organizations" className="scroll-mt-4 text-xl font-bold">
        {t("title")}
      </h2>
      {joinedOrg ? (
        <Notice tone="success">
          <p data-testid="joined-notice">{t("joined", { org: iso(joinedOrg.name) })}</p>
          {reconfirm ? <p>{t("joinedReconfirm")}</p> : null}
        </Notice>
      ) : null}
      <p>{t("lead")}</p>
      <ul className="space-y-3" data-testid="my-organizations">
        {memberships.map((m) => (
          <li key={m.id} className="rounded-lg border border-slate-300 p-3">
            <p className="font-semibold [overflow-wrap:anywhere]">
              {m.name}
              {m.current ? <span className="font-normal text-slate-700"> {t("current")}</span> : null}
            </p>
            <p className="flex flex-wrap gap-x-4">
              {m.current ? null : (
                <Link href={`${m.base}/manage`} className="inline-flex min-h-11 items-center">
                  {t("signInThere")}
                </Link>
              )}
              <Link href={`${m.base}/privacy`} className="inline-flex min-h-11 items-center">
                {t("privacy")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
      {joinable.length ? (
        <section aria-labelledby="join-title" className="space-y-3">
          <h3 id="join-title" className="text-lg font-bold">
            {t("joinTitle")}
          </h3>
          <p>{t("joinLead")}</p>
          <ul className="space-y-2">
            {joinable.map((o) => (
              <li key={o.id}>
                <LinkButton href={`/profile/join/${o.slug}`} variant="secondary" className="w-full sm:w-auto">
                  {t("join", { org: iso(o.name) })}
                </LinkButton>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Card>
  );
}
