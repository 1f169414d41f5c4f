import { createHash } from "node:crypto";
import type { Db } from "@/db";
import type { Locale } from "@/i18n/config";
import { config } from "@/lib/config";
import { generateToken } from "@/lib/tokens";
import { authSecret, coordinatorAdapter } from "./adapter";
import { maySignIn } from "./session";
import { queueSignInMail } from "./sign-in-mail";

/** What Auth.js stores for a verification token (@auth/core send-token: SHA-256 hex of token + secret). */
export function storedVerificationToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`, "utf8").digest("hex");
}

/**
 * A coordinator asks for a sign-in link. Known and unknown addresses get the same answer after
 * the same work (issue 13: +31–39 ms revealed membership when only members went through Auth.js's
 * signIn): the caller has already applied the rate limits; the membership lookup, the
 * verification token (stored as Auth.js's e-mail callback expects it) and the mail are one job
 * for every address, passed to `defer` (Next's `after()` in the action) so the answer does not
 * wait for it. Without `defer` (scripts, tests) the job runs before returning.
 */
export async function requestCoordinatorSignIn(
  email: string,
  ctx: { db: Db; locale: Locale; now?: Date; defer?: (job: () => Promise<void>) => void },
): Promise<void> {
  const job = () => sendSignInLinkIfMember(ctx.db, email, ctx.locale, ctx.now ?? new Date());
  if (ctx.defer) {
    ctx.defer(() => job().catch((e: unknown) => console.error(`[admin-sign-in] link not queued: ${e instanceof Error ? e.message : String(e)}`)));
  } else {
    await job();
  }
}

async function sendSignInLinkIfMember(db: Db, email: string, locale: Locale, now: Date): Promise<void> {
  if (!(await maySignIn(db, email))) return;
  const c = config();
  const secret = authSecret(c);
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const token = generateToken();
  const expires = new Date(now.getTime() + c.AUTH_LINK_MINUTES * 60_000);
  const adapter = coordinatorAdapter(db);
  // token first: the link in a queued mail always finds it
  await adapter.createVerificationToken!({ identifier: email, token: storedVerificationToken(token, secret), expires });
  await queueSignInMail(db, { email, token, expires, locale });
}
