"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import { resendConfirmation } from "@/lib/volunteers/confirm";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import type { VolunteerFormState } from "@/lib/volunteers/form-state";
import { pauseVolunteer, resumeVolunteer, updateProfile } from "@/lib/volunteers/profile";
import { readVolunteerForm } from "@/lib/volunteers/schema";
import { endVolunteerSession, getVolunteerSession } from "@/lib/volunteers/session";

/** Every action authorises itself with the volunteer session (invariant 6). */
async function requireSession() {
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  return session;
}

export async function saveProfileAction(_prev: VolunteerFormState, form: FormData): Promise<VolunteerFormState> {
  const session = await requireSession();
  const values = readVolunteerForm(form);
  const result = await updateProfile(session.volunteerId, values, { ip: clientIpFrom(await headers()) });
  if (result.ok) {
    revalidatePath("/profile");
    return { status: "saved", values, reconfirm: result.reconfirm };
  }
  if (result.error === "not_found") redirect("/manage");
  return { status: "error", values, errors: result.fieldErrors };
}

export type PauseState = { status: "idle" | "paused" | "resumed"; until: string } | { status: "error"; until: string; error: string };

export async function pauseAction(_prev: PauseState, form: FormData): Promise<PauseState> {
  const session = await requireSession();
  const raw = form.get("until");
  const until = typeof raw === "string" ? raw.slice(0, 20) : "";
  const result = await pauseVolunteer(session.volunteerId, until, { ip: clientIpFrom(await headers()) });
  if (result.ok) revalidatePath("/profile");
  return result.ok ? { status: "paused", until } : { status: "error", until, error: result.error };
}

export async function resumeAction(_prev: PauseState): Promise<PauseState> {
  const session = await requireSession();
  const result = await resumeVolunteer(session.volunteerId, { ip: clientIpFrom(await headers()) });
  if (result.ok) revalidatePath("/profile");
  return result.ok ? { status: "resumed", until: "" } : { status: "error", until: "", error: result.error };
}

export async function deleteRegistrationAction() {
  const session = await requireSession();
  await eraseVolunteer(session.volunteerId, { ip: clientIpFrom(await headers()) });
  await endVolunteerSession();
  redirect("/profile/deleted");
}

export async function signOutAction() {
  await endVolunteerSession();
  redirect("/manage?signedOut=1");
}

export async function resendConfirmationAction(form: FormData) {
  const session = await requireSession();
  const channel = form.get("channel") === "sms" ? "sms" : "email";
  const result = await resendConfirmation(session.volunteerId, channel);
  redirect(result.ok ? `/profile?resent=${channel}` : "/profile?resent=limit");
}
