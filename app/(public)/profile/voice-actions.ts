"use server";

import { noInput, volunteerAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { eq } from "drizzle-orm";
import { err, ok } from "@/lib/result";
import { confirmVoiceCode, removeVoiceNumber, resendVoiceCode, resumeVoiceCalls, setVoiceNumber, stopVoiceCalls } from "@/lib/volunteers/voice";

/** Voice calls in the profile (issue 18); every action authorises itself with the volunteer session. */

const field = (name: string) => (fd: FormData) => {
  const raw = fd.get(name);
  return { [name]: typeof raw === "string" ? raw.slice(0, 40) : "" } as Record<string, string>;
};

export const setVoiceNumberAction = volunteerAction(field("voiceNumber"), async (session, v, ctx) => setVoiceNumber(session.volunteerId, v.voiceNumber, { ip: ctx.ip }), {
  keep: field("voiceNumber"),
  revalidate: "/profile",
});

/** "Call me on my mobile": the confirmed mobile number becomes the number for calls. */
export const callMyMobileAction = volunteerAction(noInput, async (session, _none, ctx) => {
  const db = await getDb();
  const [v] = await db.select({ phone: s.volunteers.phone, confirmed: s.volunteers.phoneConfirmedAt }).from(s.volunteers).where(eq(s.volunteers.id, session.volunteerId));
  if (!v?.phone || !v.confirmed) return err("phone_invalid");
  return setVoiceNumber(session.volunteerId, v.phone, { ip: ctx.ip, db });
}, { revalidate: "/profile" });

export const confirmVoiceCodeAction = volunteerAction(field("voiceCode"), async (session, v, ctx) => confirmVoiceCode(session.volunteerId, v.voiceCode, { ip: ctx.ip }), {
  keep: field("voiceCode"),
  revalidate: "/profile",
});

export const resendVoiceCodeAction = volunteerAction(noInput, (session, _none, ctx) => resendVoiceCode(session.volunteerId, { ip: ctx.ip }), { revalidate: "/profile" });

export const stopVoiceCallsAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await stopVoiceCalls(await getDb(), session.volunteerId, { actor: "volunteer", ip: ctx.ip });
  return ok({ state: "stopped" as const });
}, { revalidate: "/profile" });

export const resumeVoiceCallsAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await resumeVoiceCalls(session.volunteerId, { ip: ctx.ip });
  return ok({ state: "resumed" as const });
}, { revalidate: "/profile" });

export const removeVoiceNumberAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await removeVoiceNumber(session.volunteerId, { ip: ctx.ip });
  return ok({ state: "removed" as const });
}, { revalidate: "/profile" });
