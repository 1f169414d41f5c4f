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
