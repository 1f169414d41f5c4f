"use server";

import { volunteerAction } from "@/app/_edge/actions";
import { ok } from "@/lib/result";
import { channelOrderInput, setChannelOrder } from "@/lib/volunteers/channel-order";

/** Which phone channel comes first (issue 18); the volunteer session authorises it. */
export const channelOrderAction = volunteerAction(
  channelOrderInput,
  async (session, input, ctx) => {
    await setChannelOrder(session.volunteerId, input.first, { ip: ctx.ip });
    return ok({ state: "saved" as const });
  },
  { revalidate: "/profile" },
);
