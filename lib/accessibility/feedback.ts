import { z } from "zod";
import type { Db } from "@/db";
import { getDb } from "@/db";
import { defaultLocale, toLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { config } from "@/lib/config";
import { enqueueMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { organizationOfForm } from "@/lib/organizations/public";
import { hitRateLimits, type RateLimitRule } from "@/lib/rate-limit";
import { err, fieldErrorsOf, ok, type Err, type Invalid, type Ok } from "@/lib/result";
import type { FeedbackField, FeedbackValues } from "./feedback-form";
import { lineField, textField } from "./settings";

/**
 * The feedback mechanism of the accessibility statement (Art. 7(1)(b) of Directive (EU)
 * 2016/2102, § 12b BGG): anyone can report a barrier or ask for content in another format. The
 * report becomes one e-mail in the outbox to the organisation's accessibility contact; nothing
 * else is stored (the message body is purged with the other message bodies).
 */
export const feedbackSchema = z.object({
  message: textField(4000).pipe(z.string().min(1, "required")),
  name: lineField(200),
  email: z
    .string()
    .trim()
    .max(320, "too_long")
    .refine((v) => v === "" || z.email().safeParse(v).success, "email_invalid"),
  page: lineField(500),
});


const HOUR = 3600_000;

/** Per client IP (configurable, like the other public forms) and per organisation, so a flood cannot bury the inbox. */
export function feedbackLimits() {
  return {
    perIp: { limit: config().RATE_LIMIT_FEEDBACK_PER_IP_HOUR, windowMs: HOUR },
    perOrganization: { limit: 100, windowMs: HOUR },
  } satisfies Record<string, RateLimitRule>;
}

/** Reads the posted form; never throws, whatever is posted. */
export function readFeedbackForm(form: FormData): FeedbackValues {
  const str = (k: FeedbackField) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, 10_000) : "";
  };
  return { message: str("message"), name: str("name"), email: str("email"), page: str("page") };
}

export type FeedbackResult =
  | Ok
  | Invalid<FeedbackField>
  | Err<"rate_limited", { retryAfterMs: number }>
  /** the organisation has not set an accessibility contact: the page offers the other ways */
  | Err<"no_contact">;

export async function sendAccessibilityFeedback(
  input: FeedbackValues,
  ctx: { ip: string | null; locale?: string; now?: Date; db?: Db; /** the form's organisation slug (empty: the public organisation) */ organization?: unknown },
): Promise<FeedbackResult> {
  const parsed = feedbackSchema.safeParse(input);
  if (!parsed.success) return err("invalid", { fieldErrors: fieldErrorsOf<FeedbackField>(parsed.error) });
  const v = parsed.data;
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const org = await organizationOfForm(db, ctx.organization);
  if (!org) return err("no_contact");
  const contact = org.settings.accessibility?.accessibilityEmail;
  if (!contact) return err("no_contact");

  const limits = feedbackLimits();
  const limited = await hitRateLimits(
    db,
    [
      // requests without a known address share one counter instead of going unlimited
      { key: `a11y-feedback:ip:${ctx.ip ?? "unknown"}`, rule: limits.perIp },
      { key: `a11y-feedback:org:${org.id}`, rule: limits.perOrganization },
    ],
    now,
  );
  if (!limited.ok) return err("rate_limited", { retryAfterMs: limited.retryAfterMs });

  // the organisation reads it in its own language (German); the reader's page language is noted
  const t = translator(defaultLocale, "accessibility");
  const pageLocale = toLocale(ctx.locale);
  const mail = renderEmail({
    locale: defaultLocale,
    subject: t("feedbackMail.subject"),
    paragraphs: [t("feedbackMail.intro", { org: org.name }), v.message, t("feedbackMail.answer")],
    facts: [
      { label: t("feedbackMail.name"), value: v.name || t("feedbackMail.notGiven") },
      { label: t("feedbackMail.email"), value: v.email || t("feedbackMail.notGiven") },
      { label: t("feedbackMail.page"), value: v.page || t("feedbackMail.notGiven") },
      { label: t("feedbackMail.language"), value: new Intl.DisplayNames([defaultLocale], { type: "language" }).of(pageLocale) ?? pageLocale },
    ],
  });
  await enqueueMessage(db, {
    organizationId: org.id,
    channel: "email",
    recipient: contact,
    kind: "accessibility-feedback",
    locale: defaultLocale,
    subject: mail.subject,
    body: mail.text,
    html: mail.html,
  });
  return ok();
}

