"use server";

import { redirect } from "next/navigation";
import { noInput, publicAction, volunteerAction } from "@/app/_edge/actions";
import { resendConfirmation } from "@/lib/volunteers/confirm";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { pauseVolunteer, resumeVolunteer, updateProfile } from "@/lib/volunteers/profile";
import { readVolunteerForm } from "@/lib/volunteers/schema";
import { endVolunteerSession } from "@/lib/volunteers/session";
import { ok } from "@/lib/result";
import { getDb } from "@/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { acceptOpenNeed, withdrawCommitment } from "@/lib/requests/open-needs";
import { createCalendarFeed, revokeCalendarFeed } from "@/lib/volunteers/calendar-feed";

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

const idField = (name: string) => (fd: FormData) => {
  const raw = fd.get(name);
  return typeof raw === "string" ? raw.slice(0, 40) : "";
};

/**
 * "Ich helfe" on /profile/open-needs: the same exactly-N path as the response link
 * (lib/requests/open-needs.ts). Post/redirect/get: the page shows the truthful outcome.
 */
export const acceptOpenNeedAction = volunteerAction(idField("requestId"), async (session, requestId, ctx) => {
  const db = await getDb();
  // generous for a person, slow for a script
  const limit = await hitRateLimit(db, `open-need:${session.volunteerId}`, { limit: 30, windowMs: 10 * 60_000 });
  if (!limit.ok) redirect("/profile/open-needs?outcome=limit#outcome");
  const result = await acceptOpenNeed(db, { volunteerId: session.volunteerId, requestId, ip: ctx.ip });
  redirect(`/profile/open-needs?outcome=${result.ok ? result.outcome : "not_found"}#outcome`);
});

/** Withdraw an upcoming commitment from "Meine Einsätze" (the response page's withdraw path). */
export const withdrawCommitmentAction = volunteerAction(idField("invitationId"), async (session, invitationId, ctx) => {
  const result = await withdrawCommitment(await getDb(), { volunteerId: session.volunteerId, invitationId, ip: ctx.ip });
  const outcome = result.ok ? (result.outcome === "withdrawn" ? "withdrawn" : result.outcome === "request_past" ? "past" : "unchanged") : "unchanged";
  redirect(`/profile?withdrawn=${outcome}#commitments-title`);
});

/** Make (or replace) the personal calendar feed: the old URL stops working. */
export const createCalendarFeedAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await createCalendarFeed(await getDb(), session.volunteerId, ctx);
  redirect("/profile?feed=created#calendar-feed");
});

/** Revoke the personal calendar feed: its URL answers 404 from now on. */
export const revokeCalendarFeedAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await revokeCalendarFeed(await getDb(), session.volunteerId, ctx);
  redirect("/profile?feed=revoked#calendar-feed");
});
