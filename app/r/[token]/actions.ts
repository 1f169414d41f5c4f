"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { respondToInvitation } from "@/lib/requests/respond";
import { commitToSeries, endCommitment } from "@/lib/series/commitments";
import { hashToken, TOKEN_RE } from "@/lib/tokens";

const schema = z.object({
  token: z.string().regex(TOKEN_RE),
  /** every_time / end_commitment: a regular helper of a series (lib/series/commitments.ts) */
  answer: z.enum(["accept", "decline", "withdraw", "keep", "every_time", "end_commitment"]),
});

/**
 * The one-tap answer (a POST from the response page; the link itself only shows the page).
 * Always ends by showing the page again (post/redirect/get), which reads the current state: a
 * repeated or replayed POST therefore just shows that state. Unknown tokens end on the page's
 * calm "not valid" 404.
 */
export const respondAction = publicAction(
  schema,
  async ({ token, answer }, ctx) => {
    const tokenHash = hashToken(token);
    const db = await getDb();
    // Generous: a helper taps a few times; a script hammering one link is slowed down.
    // (Pool exhausted in a burst of taps: publicAction sends the helper to the busy page.)
    const limit = await hitRateLimit(db, `respond:${tokenHash}`, { limit: 30, windowMs: 10 * 60_000 });
    if (limit.ok) {
      if (answer === "every_time") await commitToSeries(db, { tokenHash, token, ip: ctx.ip });
      else if (answer === "end_commitment") await endCommitment(db, { tokenHash, ip: ctx.ip });
      else await respondToInvitation(db, { tokenHash, answer, via: "web", token, ip: ctx.ip });
    }
    redirect(`/r/${token}`);
  },
  {
    onInvalid: (fd) => {
      const token = fd.get("token");
      redirect(typeof token === "string" && TOKEN_RE.test(token) ? `/r/${token}` : "/r/invalid");
    },
  },
);
