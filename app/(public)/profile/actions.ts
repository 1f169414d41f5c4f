"use server";

import { redirect } from "next/navigation";
import { noInput, publicAction, volunteerAction } from "@/app/_edge/actions";
import { resendConfirmation } from "@/lib/volunteers/confirm";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { pauseVolunteer, resumeVolunteer, updateProfile } from "@/lib/volunteers/profile";
import { readVolunteerForm } from "@/lib/volunteers/schema";
import { endVolunteerSession } from "@/lib/volunteers/session";
import { ok } from "@/lib/result";

/** Every action here authorises itself with the volunteer session (volunteerAction; none → /manage). */

export const saveProfileAction = volunteerAction(
  readVolunteerForm,
  async (session, values, ctx) => {
    const result = await updateProfile(session.volunteerId, values, ctx);
    if (!result.ok && result.error === "not_found") redirect("/manage");
    return result;
  },
  { keep: readVolunteerForm, keepOnSuccess: true, revalidate: "/profile" },
);

const untilOf = (fd: FormData) => {
  const raw = fd.get("until");
  return { until: typeof raw === "string" ? raw.slice(0, 20) : "" };
};

export const pauseAction = volunteerAction(
  untilOf,
  async (session, { until }, ctx) => {
    const result = await pauseVolunteer(session.volunteerId, until, ctx);
    return result.ok ? ok() : result;
  },
  { keep: untilOf, keepOnSuccess: true, revalidate: "/profile" },
);

export const resumeAction = volunteerAction(noInput, (session, _none, ctx) => resumeVolunteer(session.volunteerId, ctx), { revalidate: "/profile" });

export const deleteRegistrationAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await eraseVolunteer(session.volunteerId, ctx);
  await endVolunteerSession();
  redirect("/profile/deleted");
});

export const signOutAction = publicAction(noInput, async () => {
  await endVolunteerSession();
  redirect("/manage?signedOut=1");
});

export const resendConfirmationAction = volunteerAction(
  (fd) => (fd.get("channel") === "sms" ? "sms" : "email"),
  async (session, channel) => {
    const result = await resendConfirmation(session.volunteerId, channel);
    redirect(result.ok ? `/profile?resent=${channel}` : "/profile?resent=limit");
  },
);
