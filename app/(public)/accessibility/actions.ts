"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { readFeedbackForm, sendAccessibilityFeedback } from "@/lib/accessibility/feedback";
import type { FeedbackFormState } from "@/lib/accessibility/feedback-form";
import { busyToPage } from "@/lib/http/busy";
import { clientIpFrom } from "@/lib/http/client-ip";

/** The accessibility statement's feedback form: parse → one domain call → redirect or typed state (pool exhausted → the busy page). */
export async function sendFeedbackAction(_prev: FeedbackFormState, form: FormData): Promise<FeedbackFormState> {
  const values = readFeedbackForm(form);
  const organization = form.get("organization");
  const result = await busyToPage(async () => sendAccessibilityFeedback(values, { ip: clientIpFrom(await headers()), locale: await getLocale(), organization }));
  if (result.ok) redirect(typeof organization === "string" && organization ? `/o/${encodeURIComponent(organization)}/accessibility/thanks` : "/accessibility/thanks");
  if (result.error === "rate_limited") {
    return { status: "error", values, formError: "rate_limited", retryMinutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) };
  }
  if (result.error === "no_contact") return { status: "error", values, formError: "no_contact" };
  return { status: "error", values, errors: result.fieldErrors };
}
