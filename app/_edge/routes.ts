import "server-only";
import { admit } from "@/lib/admin/operation";
import { getActor } from "@/lib/auth/guard";
import { actorHasRole, type ActorFor, type Role } from "@/lib/auth/guard-types";
import { config } from "@/lib/config";
import { isDatabaseBusy } from "@/lib/http/busy";
import { busyResponse } from "@/lib/http/busy-page";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isCrossSite } from "@/lib/http/request-origin";
import { formParams, readLimitedText } from "@/lib/http/webhook-body";
import { publicWebhookUrl, verifyTwilioSignature } from "@/lib/messaging/webhooks";
import { ctxFor, type EdgeCtx } from "./context";

/**
 * The edge wrappers for route handlers:
 *
 *   export const GET = withActor("coordinator", async (req, actor, { params }) => Response.json(…));
 *   export const POST = withActor({ role: "admin", action: "volunteer.export" }, handler);
 *   export const POST = withTwilioSignature(async (params, req) => …);
 *
 * - `withActor(role | { role, action })`: a coordinator session with the role, else 401/403 JSON
 *   `{ error: "unauthenticated" | "forbidden" }`; with `action` the refusal is audited (reads that
 *   are polled are not). A POST/PUT/PATCH/DELETE from another site is refused with 403 first.
 *   The handler gets the narrowed actor, `ctx.ip` and the awaited route params.
 * - `publicRoute(handler)`: routes helpers and volunteers reach (unsubscribe, calendar entry, own
 *   data and certificate): when no database connection becomes free in time (lib/http/busy.ts)
 *   they answer the calm busy page (503 + Retry-After) instead of a 500.
 * - `withTwilioSignature`: body at most 256 KiB (else 400), X-Twilio-Signature checked against the
 *   public URL and the form parameters (else 403); the handler gets the parameters.
 */

type RouteContext<P> = { params: Promise<P> };
export type RouteCtx<P> = EdgeCtx & { params: P };

export function deniedResponse(error: "unauthenticated" | "forbidden"): Response {
  return Response.json({ error }, { status: error === "unauthenticated" ? 401 : 403, headers: { "Cache-Control": "no-store" } });
}

export function withActor<Ro extends Role, P = Record<string, never>>(
  who: Ro | { role: Ro; action?: string },
  handler: (req: Request, actor: ActorFor<Ro>, ctx: RouteCtx<P>) => Promise<Response>,
): (req: Request, route?: RouteContext<P>) => Promise<Response> {
  const { role, action } = typeof who === "string" ? { role: who, action: undefined } : who;
  return async (req, route) => {
    if (!["GET", "HEAD"].includes(req.method) && isCrossSite(req)) return new Response(null, { status: 403 });
    const ctx = ctxFor(clientIpFrom(req.headers));
    const actor = await getActor();
    let admitted: ActorFor<Ro>;
    if (action) {
      const a = await admit(actor, role, ctx, action);
      if (!a.ok) return deniedResponse(a.error);
      admitted = a.actor;
    } else {
      if (!actor) return deniedResponse("unauthenticated");
      if (!actorHasRole(actor, role)) return deniedResponse("forbidden");
      admitted = actor as ActorFor<Ro>;
    }
    const params = ((await route?.params) ?? {}) as P;
    return handler(req, admitted, { ...ctx, params });
  };
}

export function publicRoute<P = Record<string, never>>(
  handler: (req: Request, route: RouteContext<P>) => Promise<Response>,
): (req: Request, route?: RouteContext<P>) => Promise<Response> {
  return async (req, route) => {
    try {
      return await handler(req, route ?? { params: Promise.resolve({} as P) });
    } catch (err) {
      if (isDatabaseBusy(err)) return busyResponse(req, config().appUrl);
      throw err;
    }
  };
}

export function withTwilioSignature<P = Record<string, never>>(
  handler: (params: Record<string, string>, req: Request) => Promise<Response>,
): (req: Request, route?: RouteContext<P>) => Promise<Response> {
  return async (req) => {
    const raw = await readLimitedText(req);
    if (raw === null) return Response.json({ error: "too_large" }, { status: 400 });
    const params = formParams(raw);
    const c = config();
    if (!verifyTwilioSignature(c.TWILIO_AUTH_TOKEN, req.headers.get("x-twilio-signature"), publicWebhookUrl(c.appUrl, req.url), params)) {
      return Response.json({ error: "bad_signature" }, { status: 403 });
    }
    return handler(params, req);
  };
}
