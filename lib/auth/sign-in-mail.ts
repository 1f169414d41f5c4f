import type { DbOrTx } from "@/db";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { absoluteUrl } from "@/lib/urls";
import { maySignIn } from "./session";

/**
 * The link in the e-mail opens OUR confirmation page (a GET that uses nothing); only the
 * "sign in" button there (a POST) spends the one-time token. Outlook Safe Links and similar
 * scanners open every URL in a mail, so the e-mail never contains the Auth.js callback URL.
 * Token and address travel in the path (not the query) so that they stay out of access logs
 * that only record query strings… and the address is base64url so the path stays one segment.
 */
export function signInConfirmPath(token: string, email: string): string {
  return `/admin/sign-in/confirm/${token}.${Buffer.from(email, "utf8").toString("base64url")}`;
}

export function parseSignInCode(code: string): { token: string; email: string } | null {
  const m = /^([A-Za-z0-9_-]{20,100})\.([A-Za-z0-9_-]{4,400})$/.exec(code);
  if (!m) return null;
  const email = Buffer.from(m[2], "base64url").toString("utf8");
  return email.includes("@") ? { token: m[1], email } : null;
}

/**
 * Auth.js `sendVerificationRequest`: writes the sign-in mail into our outbox (dev outbox or
 * Resend, the same pipeline as every message). Addresses without a membership get nothing.
 */
export async function queueSignInMail(db: DbOrTx, p: { email: string; token: string; expires: Date; locale: Locale }): Promise<boolean> {
  if (!(await maySignIn(db, p.email))) return false;
  const t = translator(p.locale, "admin");
  const minutes = Math.max(1, Math.round((p.expires.getTime() - Date.now()) / 60_000));
  const mail = renderEmail({
    locale: p.locale,
    subject: t("signInMail.subject"),
    paragraphs: [t("signInMail.intro"), t("signInMail.validity", { minutes }), t("signInMail.ignore")],
    buttons: [{ label: t("signInMail.button"), url: absoluteUrl(signInConfirmPath(p.token, p.email)) }],
  });
  await enqueueMessages(db, [
    { organizationId: null, channel: "email", recipient: p.email, kind: "sign-in", locale: p.locale, subject: mail.subject, body: mail.text, html: mail.html, secrets: [p.token] },
  ]);
  return true;
}
