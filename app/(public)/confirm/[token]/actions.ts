"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isWellFormedToken } from "@/lib/tokens";
import { confirmChannel } from "@/lib/volunteers/confirm";

/** The POST behind the "confirm" button (the link itself only shows the page). */
export async function confirmAction(form: FormData) {
  const token = form.get("token");
  if (!isWellFormedToken(token)) redirect("/confirm/invalid");
  const result = await confirmChannel(token, { ip: clientIpFrom(await headers()) });
  redirect(result.ok && result.state === "confirmed" ? `/confirm/${token}?done=1` : `/confirm/${token}`);
}
