import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Card } from "@/components/ui/card";
import { MessagePage, PostButton, ProsePage } from "@/components/ui/page";
import { busyToPage } from "@/lib/http/busy";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { ConsentTextView } from "@/components/volunteers/consent-text";
import { inspectConfirmToken } from "@/lib/volunteers/confirm";
import { currentConsentText } from "@/lib/volunteers/consent";
import { confirmAction, confirmWithConsentAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string; consent?: string }> };

/** One look-up per render, shared by the title and the page (it only reads); pool exhausted → the busy page. */
const inspect = cache((token: string) => busyToPage(() => inspectConfirmToken(token)));

/** The title names what the page shows; an invalid link gets the not-found page's own title. */
export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const state = await inspect((await params).token);
  if (state.state === "invalid") notFound();
  const t = await getTranslations("volunteers.confirm");
  return { title: state.state === "already" && !(await searchParams).done ? t("alreadyTitle") : t("title") };
}

/** GET shows a button and changes nothing: mail scanners and link previews open every link. */
export default async function ConfirmPage({ params, searchParams }: Props) {
  const { token } = await params;
  const { done, consent: consentError } = await searchParams;
  const state = await inspect(token);
  if (state.state === "invalid") notFound();
  const t = await getTranslations("volunteers.confirm");
  const sms = state.channel === "sms";
  if (state.state === "already") {
    return (
      <MessagePage
        title={done ? t("title") : t("alreadyTitle")}
        notice={done ? (sms ? t("confirmedSms") : t("confirmedEmail")) : sms ? t("alreadySms") : t("alreadyEmail")}
        paragraphs={[t("next")]}
        links={[{ href: "/manage", label: t("manage"), variant: "secondary" }]}
      />
    );
  }
  if (state.needsConsent) {
    // an imported volunteer: no consent on record yet — they give it here, or nothing happens
    const consent = currentConsentText(await getLocale(), state.organizationName);
    const missing = consentError === "missing";
    return (
      <ProsePage title={t("title")}>
        <Card className="space-y-4">
          <p>{t("importIntro", { org: state.organizationName })}</p>
          <form action={confirmWithConsentAction} className="space-y-4">
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="consentVersion" value={consent.version} />
            <input type="hidden" name="consentLocale" value={consent.locale} />
            <fieldset className="space-y-1">
              <legend className="font-semibold">{t("consentLegend")}</legend>
              <label className="flex min-h-11 cursor-pointer items-start gap-3">
                <input
                  id="consent"
                  type="checkbox"
                  name="consent"
                  required
                  autoFocus={missing}
                  aria-invalid={missing ? true : undefined}
                  aria-describedby={missing ? "consent-error" : undefined}
                  className="mt-0.5 size-6 shrink-0 accent-brand-700"
                />
                <span lang={consent.locale}>
                  <ConsentTextView text={consent.text} />
                </span>
              </label>
              <FieldError id="consent-error" error={missing ? t("consentRequired") : undefined} />
            </fieldset>
            <Button type="submit" className="w-full sm:w-auto">
              {t("importButton")}
            </Button>
          </form>
          <p className="text-sm text-slate-700">{t("importDecline")}</p>
        </Card>
      </ProsePage>
    );
  }
  return (
    <ProsePage title={t("title")}>
      <Card className="space-y-4">
        <p>{sms ? t("introSms") : t("introEmail")}</p>
        <PostButton action={confirmAction} fields={{ token }}>
          {t("button")}
        </PostButton>
      </Card>
    </ProsePage>
  );
}
