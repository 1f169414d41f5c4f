"use server";

import { noInput, volunteerAction } from "@/app/_edge/actions";
import { err, ok } from "@/lib/result";
import { loadChannelOrderView } from "@/lib/volunteers/channel-order";
import { disconnectWhatsapp, setWhatsappStopped, whatsappConnectLink } from "@/lib/volunteers/whatsapp";

/** WhatsApp in the profile (issue 18); every action authorises itself with the volunteer session. */

/** A fresh one-time code in a wa.me link (valid for an hour); sending the prefilled message connects. */
export const whatsappLinkAction = volunteerAction(noInput, async (session, _none, ctx) => {
  const link = await whatsappConnectLink(session.volunteerId, { ip: ctx.ip });
  return link ? ok({ state: "link" as const, link: link.url, message: link.message }) : err("unavailable");
});

export const stopWhatsappAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await setWhatsappStopped(session.volunteerId, true, { ip: ctx.ip });
  // which way requests to the phone take now (the volunteer's order), for the outcome's text
  const next = (await loadChannelOrderView(session.volunteerId))?.current ?? null;
  return ok({ state: "stopped" as const, next });
}, { revalidate: "/profile" });

export const resumeWhatsappAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await setWhatsappStopped(session.volunteerId, false, { ip: ctx.ip });
  return ok({ state: "resumed" as const });
}, { revalidate: "/profile" });

export const disconnectWhatsappAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await disconnectWhatsapp(session.volunteerId, { ip: ctx.ip });
  return ok({ state: "disconnected" as const });
}, { revalidate: "/profile" });
