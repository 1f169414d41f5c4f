"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import type { VolunteerFormState } from "@/lib/volunteers/form-state";
import { registerVolunteer } from "@/lib/volunteers/register";
import { readVolunteerForm } from "@/lib/volunteers/schema";

export async function registerAction(_prev: VolunteerFormState, form: FormData): Promise<VolunteerFormState> {
  const values = readVolunteerForm(form);
  const consent = { version: form.get("consentVersion"), locale: form.get("consentLocale") };
  const result = await registerVolunteer(values, { ip: clientIpFrom(await headers()), consent, pageLocale: await getLocale() });
  if (result.ok) {
    const via = values.email.trim() && values.phone.trim() ? "both" : values.phone.trim() ? "sms" : "email";
    redirect(`/register/sent?via=${via}`);
  }
  if (result.error === "rate_limited") {
    return { status: "error", values, errors: {}, formError: "rate_limited", retryMinutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) };
  }
  return { status: "error", values, errors: result.fieldErrors };
}
