import type { Brand } from "@/lib/organizations/branding-rules";
import type { DbOrTx } from "@/db";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { enqueueMessage } from "@/lib/messaging/outbox";
import { config } from "@/lib/config";
import { hitRateLimit, hitRateLimits } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";
import { volunteerLinks } from "./links";

/**
 * SMS that anyone can trigger without signing in (confirmation, sign-in link) cost money per
 * message: besides the per-number limit, an hourly cap per destination prefix and one for the
 * whole installation stop "SMS pumping" from many addresses (many IPs, premium number ranges).
 */
export function smsPrefix(e164: string): string {
  return e164.slice(0, 6);
}

async function withinSmsBudget(tx: DbOrTx, recipient: string): Promise<boolean> {
  const c = config();
  const hits = [
    { key: "sms:all", rule: { limit: c.CONFIRMATION_SMS_PER_HOUR, windowMs: 3600_000 } },
    { key: `sms:prefix:${smsPrefix(recipient)}`, rule: { limit: c.CONFIRMATION_SMS_PER_PREFIX_HOUR, windowMs: 3600_000 } },
  ];
  const r = await hitRateLimits(tx, hits);
  if (!r.ok) console.warn(`[sms-budget] confirmation/sign-in SMS to ${smsPrefix(recipient)}… not sent: hourly cap reached`);
  return r.ok;
}

/** No unbounded sending to one address or number, whoever asks: at most this many per hour. */
export const MESSAGES_PER_RECIPIENT_PER_HOUR = 6;

export type VolunteerMessageKind = "confirm-email" | "confirm-phone" | "already-registered" | "sign-in" | "import-invite";

export type Target = {
  organizationId: string;
  organizationName: string;
  /** the organisation's e-mail header (issue 16); without it the e-mail names the organisation in its text only */
  brand?: Brand;
  volunteerId: string;
  channel: "email" | "sms";
  recipient: string;
  locale: Locale;
  firstName: string;
};

/** The link each kind carries: confirming the address, or signing in. */
function linkOf(kind: VolunteerMessageKind, token: string): string {
  return kind === "confirm-email" || kind === "confirm-phone" || kind === "import-invite" ? volunteerLinks.confirm(token) : volunteerLinks.signIn(token);
}

/**
 * Queues one volunteer message in the caller's transaction. Returns false (and queues nothing)
 * when the recipient already got the hourly maximum; the caller answers the same either way.
 * The token is stored only sealed until sent (lib/messaging/secrets.ts).
 */
export async function queueVolunteerMessage(tx: DbOrTx, target: Target, kind: VolunteerMessageKind, token: string): Promise<boolean> {
  const cap = await hitRateLimit(tx, `msg:${hashToken(target.recipient)}`, { limit: MESSAGES_PER_RECIPIENT_PER_HOUR, windowMs: 3600_000 });
  if (!cap.ok) return false;
  // the SMS budget is against pumping by anonymous visitors; an admin's import is neither anonymous
  // nor unbounded (IMPORT_MAX_ROWS), and the dispatcher paces what it queues
  if (target.channel === "sms" && kind !== "import-invite" && !(await withinSmsBudget(tx, target.recipient))) return false;
  const t = translator(target.locale, "volunteerMessages");
  const values = { org: target.organizationName, name: target.firstName };
  const link = linkOf(kind, token);
  const common = {
    secrets: [token],
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
    brand: target.brand,
  });
  await enqueueMessage(tx, { ...common, channel: "email", subject: mail.subject, body: mail.text, html: mail.html });
  return true;
}
