import { createHmac, randomBytes } from "node:crypto";
import twilio from "twilio";

export const RESEND_WEBHOOK_SECRET = "whsec_" + Buffer.from("helferruf-test-webhook-secret-32b").toString("base64");
export const TWILIO_AUTH_TOKEN = "twilio-webhook-test-token";

/** Signs like Resend/Svix: v1,base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")). */
export function signResend(body: string, opts: { secret?: string; timestamp?: number; id?: string } = {}) {
  const id = opts.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((opts.secret ?? RESEND_WEBHOOK_SECRET).replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}`, "content-type": "application/json" };
}

export function resendRequest(payload: unknown, opts: Parameters<typeof signResend>[1] & { raw?: string } = {}) {
  const body = opts.raw ?? JSON.stringify(payload);
  return new Request("http://localhost:3000/api/webhooks/resend", { method: "POST", headers: signResend(body, opts), body });
}

/** A Twilio webhook request signed for the public URL (APP_URL + path + query). */
export function twilioRequest(pathAndQuery: string, params: Record<string, string>, opts: { token?: string; signature?: string } = {}) {
  const url = `http://localhost:3000${pathAndQuery}`;
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(opts.token ?? TWILIO_AUTH_TOKEN, url, params);
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}

export const twilioSid = () => "SM" + randomBytes(16).toString("hex");
