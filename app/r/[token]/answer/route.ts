import { z } from "zod";
import { publicRoute } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { clientIpFrom } from "@/lib/http/client-ip";
import { readSmallForm } from "@/lib/http/small-form";
import { hitRateLimit } from "@/lib/rate-limit";
import { respondToTap } from "@/lib/requests/respond";
import { commitToSeries, endCommitment } from "@/lib/series/commitments";
import { hashToken, TOKEN_RE } from "@/lib/tokens";

type Ctx = { params: Promise<{ token: string }> };

/** the forms of the page send one or two short fields; anything larger is not one of them */
const MAX_ANSWER_BODY_BYTES = 8 * 1024;

/** per link: a helper taps a few times; a script hammering one link is slowed down */
const ANSWER_RATE_LIMIT = { limit: 30, windowMs: 10 * 60_000 };

const answerSchema = z.enum(["accept", "decline", "withdraw", "keep", "every_time", "end_commitment"]);

/** Post/redirect/get: back to the page, which reads the current state (relative Location, RFC 9110). */
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });

/**
 * The one-tap answer: the response page's forms POST here (a plain HTML form, the same with and
 * without JavaScript; the link itself only shows the page). A route handler rather than a server
 * action: a tap is the hottest write of the product (issue 19), and Next's server-action handling
 * of a form POST cost several times the answer itself. The token in the path is the credential;
 * the proxy refuses POSTs from another origin (it checks only the headers here: the body is read
 * once, bounded, by readSmallForm, lib/http/guard-request.ts checksOwnBody).
 * - every outcome, a repeated or replayed POST too, ends with 303 to the page, which shows the
 *   state; an unknown or malformed answer changes nothing and shows the page as it is; a token
 *   that is not one ends on the page's calm "not valid" 404;
 * - generous rate limit per link (a helper taps a few times; a script hammering one is slowed);
 * - no free database connection in time: the busy page (503 + Retry-After), nothing saved.
 */
export const POST = publicRoute(async (req: Request, ctx: Ctx) => {
  const { token } = await ctx.params;
  if (!TOKEN_RE.test(token)) return seeOther("/r/invalid");
  const form = await readSmallForm(req, MAX_ANSWER_BODY_BYTES);
  const answer = answerSchema.safeParse(form?.get("answer"));
  if (!answer.success) return seeOther(`/r/${token}`);
  const tokenHash = hashToken(token);
  const db = await getDb();
  const ip = clientIpFrom(req.headers);
  const rateLimit = { key: `respond:${tokenHash}`, rule: ANSWER_RATE_LIMIT };
  if (answer.data === "every_time" || answer.data === "end_commitment") {
    if ((await hitRateLimit(db, rateLimit.key, rateLimit.rule)).ok) {
      if (answer.data === "every_time") await commitToSeries(db, { tokenHash, token, ip });
      else await endCommitment(db, { tokenHash, ip });
    }
  } else {
    // the counter is hit in the same statement as the answer's read (one round trip less per tap)
    await respondToTap(db, { tokenHash, answer: answer.data, via: "web", token, ip, rateLimit });
  }
  return seeOther(`/r/${token}`);
});

/** Opened as a link (copied address, a scanner): nothing changes, the page shows the state. */
export async function GET(_req: Request, ctx: Ctx) {
  const { token } = await ctx.params;
  return seeOther(TOKEN_RE.test(token) ? `/r/${token}` : "/r/invalid");
}
