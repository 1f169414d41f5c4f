"use server";

import { noInput, volunteerAction } from "@/app/_edge/actions";
import { err, ok } from "@/lib/result";
import { loadChannelOrderView } from "@/lib/volunteers/channel-order";
import { disconnectTelegram, setTelegramStopped, telegramConnectLink } from "@/lib/volunteers/telegram";

/** Telegram in the profile (issue 18); every action authorises itself with the volunteer session. */

/** A fresh one-time t.me link (valid for an hour); opening it in Telegram and tapping Start connects. */
export const telegramLinkAction = volunteerAction(noInput, async (session, _none, ctx) => {
  const link = await telegramConnectLink(session.volunteerId, { ip: ctx.ip });
  return link ? ok({ state: "link" as const, link }) : err("unavailable");
});

export const stopTelegramAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await setTelegramStopped(session.volunteerId, true, { ip: ctx.ip });
  // which way requests to the phone take now (the volunteer's order), for the outcome's text
  const next = (await loadChannelOrderView(session.volunteerId))?.current ?? null;
  return ok({ state: "stopped" as const, next });
}, { revalidate: "/profile" });

export const resumeTelegramAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await setTelegramStopped(session.volunteerId, false, { ip: ctx.ip });
  return ok({ state: "resumed" as const });
}, { revalidate: "/profile" });

export const disconnectTelegramAction = volunteerAction(noInput, async (session, _none, ctx) => {
  await disconnectTelegram(session.volunteerId, { ip: ctx.ip });
  return ok({ state: "disconnected" as const });
}, { revalidate: "/profile" });
