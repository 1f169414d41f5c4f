import type { DbOrTx } from "@/db";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { enqueueMessage } from "@/lib/messaging/outbox";
import { hitRateLimit } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";
import { volunteerLinks } from "./links";

/** No unbounded sending to one address or number, whoever asks: at most this many per hour. */
export const MESSAGES_PER_RECIPIENT_PER_HOUR = 6;

export type VolunteerMessageKind = "confirm-email" | "confirm-phone" | "already-registered" | "sign-in";

export type Target = {
  organizationId: string;
  organizationName: string;
  volunteerId: string;
  channel: "email" | "sms";
  recipient: string;
  locale: Locale;
  firstName: string;
};

/**
 * Queues one volunteer message in the caller's transaction. Returns false (and queues nothing)
 * when the recipient already got the hourly maximum; the caller answers the same either way.
 */
export async function queueVolunteerMessage(tx: DbOrTx, target: Target, kind: VolunteerMessageKind, link: string): Promise<boolean> {
  const cap = await hitRateLimit(tx, `msg:${hashToken(target.recipient)}`, { limit: MESSAGES_PER_RECIPIENT_PER_HOUR, windowMs: 3600_000 });
  if (!cap.ok) return false;
  const t = translator(target.locale, "volunteerMessages");
  const values = { org: target.organizationName, name: target.firstName };
  const common = {
    organizationId: target.organizationId,
    volunteerId: target.volunteerId,
    recipient: target.recipient,
    kind,
    locale: target.locale,
  };
  if (target.channel === "sms") {
    const body = `${t(`${kind}.sms`, { ...values, link })} ${t("smsManage", { link: volunteerLinks.manage() })}`;
    await enqueueMessage(tx, { ...common, channel: "sms", body });
    return true;
  }
  const mail = renderEmail({
    locale: target.locale,
    subject: t(`${kind}.subject`, values),
    greeting: t("greeting", values),
    paragraphs: [t(`${kind}.body`, values), t(`${kind}.ignore`, values)],
    buttons: [{ label: t(`${kind}.button`, values), url: link }],
    volunteerFooter: true,
  });
  await enqueueMessage(tx, { ...common, channel: "email", subject: mail.subject, body: mail.text, html: mail.html });
  return true;
}
