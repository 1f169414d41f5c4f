import type { Metadata } from "next";
import { VolunteerIntl } from "@/components/volunteers/volunteer-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { isolateIn, isolateLtrRuns } from "@/i18n/bidi";
import { intlLocale } from "@/i18n/config";
import { LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { PostButton } from "@/components/ui/page";
import { VolunteerForm } from "@/components/volunteers/volunteer-form";
import { addDays, calendarDateIn } from "@/lib/time-zone";
import { activityOptions, languageChoices, messageLanguageChoices } from "@/lib/volunteers/options";
import { getConsentRenewal } from "@/lib/volunteers/consent-renewal";
import { loadProfile, MAX_PAUSE_DAYS } from "@/lib/volunteers/profile";
import { getVolunteerSession } from "@/lib/volunteers/session";
import { busyPage } from "@/lib/http/busy";
import { resendConfirmationAction, saveProfileAction, signOutAction } from "./actions";
import { MyCommitments } from "./commitments";
import { MyOrganizations } from "./organizations";
import { PauseForm } from "./pause-form";
import { VoiceCalls } from "./voice-calls";
import { loadVoiceView } from "@/lib/volunteers/voice";
import { loadTelegramView, telegramEnabled } from "@/lib/volunteers/telegram";
import { config } from "@/lib/config";
import { TelegramConnect } from "./telegram-connect";
import { loadWhatsappView, whatsappEnabled } from "@/lib/volunteers/whatsapp";
import { WhatsappConnect } from "./whatsapp-connect";
import { loadChannelOrderView } from "@/lib/volunteers/channel-order";
import { ChannelOrder } from "./channel-order";
import { formatPhone } from "@/lib/volunteers/phone";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.profile");
  return { title: t("title") };
}

export default busyPage(async function ProfilePage({ searchParams }: { searchParams: Promise<{ resent?: string; consent?: string; joined?: string; reconfirm?: string } & Record<string, string | string[] | undefined>> }) {
  const { resent, consent, joined, reconfirm } = await searchParams;
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  // a newer consent text: the volunteer agrees (or declines / deletes) before anything else
  if (await getConsentRenewal(session.volunteerId, await getLocale())) redirect("/profile/consent");
  const profile = await loadProfile(session.volunteerId);
  if (!profile) redirect("/manage");
  const locale = await getLocale();
  const t = await getTranslations("volunteers.profile");
  const tv = await getTranslations("volunteers.voice");
  const voice = await loadVoiceView(session.volunteerId);
  const tt = await getTranslations("volunteers.telegram");
  const telegram = telegramEnabled() ? await loadTelegramView(session.volunteerId) : null;
  const tw = await getTranslations("volunteers.whatsapp");
  const whatsapp = whatsappEnabled() ? await loadWhatsappView(session.volunteerId) : null;
  const tco = await getTranslations("volunteers.channelOrder");
  // the order matters only where two phone channels are usable (a messenger connected, or two)
  const order = telegram?.connected || whatsapp?.connected ? await loadChannelOrderView(session.volunteerId) : null;
  const activities = await activityOptions(await getDb(), session.organizationId, locale);
  const today = calendarDateIn(new Date(), profile.timeZone);
  const untilText = profile.pausedUntil ? new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${profile.pausedUntil}T12:00:00Z`)) : "";
  const v = profile.values;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
        <p className="text-lg">{t("hello", { name: isolateIn(locale, v.firstName) })}</p>
        <Notice tone={profile.status === "active" ? "success" : "info"}>
          <p data-testid="volunteer-status">{profile.status === "paused" ? t("status.paused", { date: untilText }) : t(`status.${profile.status}`)}</p>
        </Notice>
        {consent === "renewed" || consent === "resumed" ? <Notice tone="success">{t(consent === "renewed" ? "consentRenewed" : "consentResumed")}</Notice> : null}
        {resent === "email" || resent === "sms" ? <Notice tone="success">{t("resent")}</Notice> : null}
        {resent === "limit" ? <Notice tone="error">{t("resendLimit")}</Notice> : null}
        {(["email", "sms"] as const).map((channel) =>
          (channel === "email" ? v.email && !profile.emailConfirmed : v.phone && !profile.phoneConfirmed) ? (
            <Notice key={channel} tone="warning">
              <p>{channel === "email" ? t("unconfirmedEmail") : t("unconfirmedSms")}</p>
              <PostButton action={resendConfirmationAction} fields={{ channel }} variant="secondary" className="" formClassName="mt-2">
                {t("resend")}
              </PostButton>
            </Notice>
          ) : null,
        )}
      </div>

      <MyCommitments volunteerId={session.volunteerId} organizationId={session.organizationId} searchParams={await searchParams} />

      <MyOrganizations volunteerId={session.volunteerId} joined={typeof joined === "string" ? joined : undefined} reconfirm={typeof reconfirm === "string" ? reconfirm : undefined} />

      <Card className="space-y-3">
        <h2 className="text-xl font-bold">{t("pauseTitle")}</h2>
        <p>{t("pauseLead")}</p>
        <VolunteerIntl>
          <PauseForm paused={profile.status === "paused"} pausedUntil={profile.pausedUntil} minDate={today} maxDate={addDays(today, MAX_PAUSE_DAYS)} />
        </VolunteerIntl>
      </Card>

      {telegram ? (
        <Card className="space-y-3">
          <h2 className="text-xl font-bold">{tt("title")}</h2>
          {telegram.connected ? null : <p>{tt("lead")}</p>}
          <VolunteerIntl>
            <TelegramConnect
              view={telegram}
              carries={!order || order.usable.length < 2 || order.current === "telegram"}
              connectedOn={telegram.connectedAt ? new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: profile.timeZone }).format(telegram.connectedAt) : null}
            />
          </VolunteerIntl>
        </Card>
      ) : null}

      {whatsapp ? (
        <Card className="space-y-3">
          <h2 className="text-xl font-bold">{tw("title")}</h2>
          {whatsapp.connected ? null : <p>{tw(telegram?.connected && !telegram.stopped ? "leadAfterTelegram" : "lead")}</p>}
          <VolunteerIntl>
            <WhatsappConnect
              carries={!order || order.usable.length < 2 || order.current === "whatsapp"}
              // phone numbers stay left to right inside Arabic and Persian sentences
              view={{ ...whatsapp, phone: whatsapp.phone ? isolateLtrRuns(locale, formatPhone(whatsapp.phone)) : null }}
              number={isolateLtrRuns(locale, formatPhone(config().TWILIO_WHATSAPP_FROM!))}
              connectedOn={whatsapp.connectedAt ? new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: profile.timeZone }).format(whatsapp.connectedAt) : null}
            />
          </VolunteerIntl>
        </Card>
      ) : null}

      {order && order.usable.length >= 2 ? (
        <Card className="space-y-3">
          <h2 className="text-xl font-bold">{tco("title")}</h2>
          <p>{tco("lead", { current: order.current ? tco(`channels.${order.current}`) : "" })}</p>
          <VolunteerIntl>
            <ChannelOrder view={order} />
          </VolunteerIntl>
        </Card>
      ) : null}

      {voice ? (
        <Card className="space-y-3">
          <h2 className="text-xl font-bold">{tv("title")}</h2>
          <p>{tv("lead")}</p>
          <VolunteerIntl>
            <VoiceCalls view={voice} />
          </VolunteerIntl>
        </Card>
      ) : null}

      <section aria-labelledby="edit-title" className="space-y-4">
        <h2 id="edit-title" className="text-2xl font-bold">
          {t("editTitle")}
        </h2>
        <VolunteerIntl>
          <VolunteerForm mode="profile" action={saveProfileAction} initial={v} activities={activities} languages={languageChoices(locale)} messageLanguages={messageLanguageChoices(locale)} />
        </VolunteerIntl>
      </section>

      <Card className="space-y-4">
        <h2 className="text-xl font-bold">{t("dataTitle")}</h2>
        <p>{t("exportLead")}</p>
        <a href="/profile/export" download className="inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 no-underline hover:bg-slate-100">
          {t("export")}
        </a>
        <p>{t("deleteLead")}</p>
        <LinkButton href="/profile/delete" variant="danger">
          {t("delete")}
        </LinkButton>
      </Card>

      <PostButton action={signOutAction} variant="ghost" className="">
        {t("signOut")}
      </PostButton>
    </div>
  );
});
