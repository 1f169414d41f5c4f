"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/app/_edge/actions";
import { isWellFormedToken } from "@/lib/tokens";
import { confirmChannel } from "@/lib/volunteers/confirm";

/** The POST behind the "confirm" button (the link itself only shows the page). */
export const confirmAction = publicAction(
  (fd) => fd.get("token"),
  async (token, ctx) => {
    if (!isWellFormedToken(token)) redirect("/confirm/invalid");
    const result = await confirmChannel(token, ctx);
    redirect(result.ok && result.state === "confirmed" ? `/confirm/${token}?done=1` : `/confirm/${token}`);
  },
);

/** The same for an imported volunteer: confirming needs the consent box ticked on this page. */
export const confirmWithConsentAction = publicAction(
  (fd) => ({
    token: fd.get("token"),
    consent: { agreed: fd.get("consent") === "on", version: fd.get("consentVersion"), locale: fd.get("consentLocale"), pageLocale: fd.get("consentLocale") },
  }),
  async ({ token, consent }, ctx) => {
    if (!isWellFormedToken(token)) redirect("/confirm/invalid");
    const result = await confirmChannel(token, { ...ctx, consent });
    if (!result.ok && result.error === "consent_required") redirect(`/confirm/${token}?consent=missing#consent`);
    redirect(result.ok && result.state === "confirmed" ? `/confirm/${token}?done=1` : `/confirm/${token}`);
  },
);
