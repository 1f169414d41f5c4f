"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { pickSlot } from "@/lib/shifts/picks";
import { hashToken, TOKEN_RE } from "@/lib/tokens";

const schema = z.object({
  token: z.string().regex(TOKEN_RE),
  requestId: z.string().max(64),
  answer: z.enum(["accept", "withdraw"]),
});

/**
 * One tap on the shift-plan page: take or give back one slot (a POST; the link only shows the
 * page). Always ends on the page again (post/redirect/get) with the outcome to announce; the page
 * reads the current state, so a replayed POST only shows it.
 */
export const pickSlotAction = publicAction(
  schema,
  async ({ token, requestId, answer }, ctx) => {
    const tokenHash = hashToken(token);
    const db = await getDb();
    // generous for a helper picking several slots; a script hammering one link is slowed down
    const limit = await hitRateLimit(db, `shift-pick:${tokenHash}`, { limit: 60, windowMs: 10 * 60_000 });
    const r = limit.ok ? await pickSlot(db, { tokenHash, requestId, answer, ip: ctx.ip }) : null;
    redirect(r?.ok ? `/s/${token}?done=${r.outcome}#slots` : `/s/${token}`);
  },
  {
    onInvalid: (fd) => {
      const token = fd.get("token");
      redirect(typeof token === "string" && TOKEN_RE.test(token) ? `/s/${token}` : "/s/invalid");
    },
  },
);
