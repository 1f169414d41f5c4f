import { intlLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { activityName, type LocalizedTexts } from "@/lib/activities/names";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import { SHIFT_INVITATION_KIND } from "@/lib/messaging/stop-kinds";
import { emailBrand, localizedSms, smsSender, type MessageOrg, type MessageRecipient } from "@/lib/requests/messages";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { absoluteUrl } from "@/lib/urls";

/**
 * The one message that asks a volunteer for a whole shift plan: what, which day, where, the slots
 * they match (time, activity, how many) and one link to the page where they pick. Pure: the
 * caller enqueues it in its transaction (the token travels sealed, `secrets`).
 */

export type MessagePlan = { id: string; title: string; day: string; place: string; details: string };
export type MessageSlot = { startsAt: Date; endsAt: Date; helpersNeeded: number; activityNameDe: string; activityNameEn: string; activityNames: LocalizedTexts };

export const shiftUrl = (token: string) => absoluteUrl(`/s/${token}`);

/** The plan's day (a calendar date) in words, e.g. "Samstag, 12. Dezember 2026". */
export function formatPlanDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${day}T12:00:00Z`));
}

/** A slot's time range on its day, e.g. "09:00–12:00". */
export function formatSlotTime(locale: Locale, timeZone: string, startsAt: Date, endsAt: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatRange(startsAt, endsAt);
}

export function shiftInvitationMessages(org: MessageOrg, plan: MessagePlan, slots: MessageSlot[], to: MessageRecipient, token: string): OutgoingMessage[] {
  const link = shiftUrl(token);
  const base = { organizationId: org.id, kind: SHIFT_INVITATION_KIND, locale: to.locale, volunteerId: to.volunteerId, shiftPlanId: plan.id, secrets: [token] };
  const out: OutgoingMessage[] = [];
  if (to.channels.includes("email") && to.email) {
    const t = translator(to.locale, "shifts");
    const day = formatPlanDay(to.locale, plan.day);
    const mail = renderEmail({
      locale: to.locale,
      subject: t("mail.subject", { title: plan.title, day }),
      brand: emailBrand(org),
      greeting: t("mail.greeting", { name: to.firstName }),
      paragraphs: [
        t("mail.intro", { org: org.name, count: slots.length }),
        ...(plan.details ? [{ typed: plan.details }] : []),
        ...slots.map((x) => t("mail.slot", { time: formatSlotTime(to.locale, org.timeZone, x.startsAt, x.endsAt), activity: activityName(x, to.locale), count: x.helpersNeeded })),
        t("mail.how"),
      ],
      facts: [
        { label: t("mail.what"), value: plan.title },
        { label: t("mail.when"), value: day },
        ...(plan.place ? [{ label: t("mail.where"), value: plan.place }] : []),
      ],
      buttons: [{ label: t("mail.button"), url: link, tone: "primary" }],
      volunteerFooter: true,
    });
    out.push({ ...base, channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html });
  }
  // the messenger slot as in messagesTo: Telegram or WhatsApp where connected, else SMS (the text is the same)
  const byTelegram = to.channels.includes("telegram") && !!to.telegramChatId;
  const byWhatsapp = !byTelegram && to.channels.includes("whatsapp") && !!to.whatsappPhone;
  if (byTelegram || byWhatsapp || (to.channels.includes("sms") && to.phone)) {
    const first = slots[0];
    const asRequest = { id: plan.id, title: plan.title, details: "", place: plan.place, startsAt: first.startsAt, endsAt: first.endsAt, helpersNeeded: 0, acceptedCount: 0, activityNameDe: "", activityNameEn: "" };
    const body = localizedSms(org, asRequest, to.locale, `shift-invitation:${link.length}`, (l) => {
      const t = translator(l, "shifts");
      const day = new Intl.DateTimeFormat(intlLocale[l], { timeZone: "UTC", weekday: "short", day: "2-digit", month: "2-digit" }).format(new Date(`${plan.day}T12:00:00Z`));
      return (title) => t("sms.invitation", { org: smsSender(org), title, day, link });
    });
    out.push(
      byTelegram
        ? { ...base, channel: "telegram", recipient: to.telegramChatId!, body }
        : byWhatsapp
          ? { ...base, channel: "whatsapp", recipient: to.whatsappPhone!, body }
          : { ...base, channel: "sms", recipient: to.phone!, body },
    );
  }
  return out;
}
