import { getDb } from "@/db";
import { config, type AppConfig } from "@/lib/config";
import { absoluteUrl } from "@/lib/urls";
import { SharedPacer } from "../throttle";
import { DevTransport } from "./dev";
import { ResendTransport } from "./resend";
import { TwilioTransport } from "./twilio";
import { TelegramTransport } from "./telegram";
import { TwilioVoiceTransport } from "./twilio-voice";
import { TwilioWhatsappTransport } from "./twilio-whatsapp";
import { parseTemplateList } from "../whatsapp/templates";
import { eq } from "drizzle-orm";
import * as s from "@/db/schema";
import { grammyBotApi } from "../telegram/api";
import type { Transport } from "./types";
import { VOICE_CODE_KIND, voiceCallUrl, voiceStatusUrl } from "../voice/calls";

/** voice: calls (issue 18); optional so that tests which send no calls need not name it (calls then wait in the outbox). */
export type Transports = { email: Transport; sms: Transport; voice?: Transport; telegram?: Transport; whatsapp?: Transport };

const g = globalThis as unknown as { __helferrufTransports?: Transports; __helferrufTransportLogged?: boolean };

export function twilioStatusCallbackUrl(messageId: string): string {
  return absoluteUrl(`/api/webhooks/twilio/status?m=${encodeURIComponent(messageId)}`);
}

/** Builds the transports a configuration asks for: Resend and/or Twilio with keys, else the dev transport. */
export function createTransports(c: AppConfig): Transports {
  const dev = new DevTransport();
  const email: Transport = c.RESEND_API_KEY
    ? new ResendTransport({
        apiKey: c.RESEND_API_KEY,
        from: c.EMAIL_FROM!,
        replyTo: c.EMAIL_REPLY_TO,
        baseUrl: c.RESEND_BASE_URL,
        timeoutMs: c.PROVIDER_TIMEOUT_MS,
        throttle: new SharedPacer(getDb, "resend", c.EMAIL_RATE_PER_SECOND),
        concurrency: c.EMAIL_SEND_CONCURRENCY,
      })
    : dev;
  const sms: Transport =
    c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN
      ? new TwilioTransport({
          accountSid: c.TWILIO_ACCOUNT_SID,
          authToken: c.TWILIO_AUTH_TOKEN,
          messagingServiceSid: c.TWILIO_MESSAGING_SERVICE_SID,
          from: c.TWILIO_FROM,
          region: c.TWILIO_REGION,
          edge: c.TWILIO_EDGE,
          baseUrl: c.TWILIO_BASE_URL,
          timeoutMs: c.PROVIDER_TIMEOUT_MS,
          statusCallbackUrl: twilioStatusCallbackUrl,
          throttle: new SharedPacer(getDb, "twilio", c.SMS_RATE_PER_SECOND),
          concurrency: c.SMS_SEND_CONCURRENCY,
        })
      : dev;
  const voice: Transport =
    c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && c.TWILIO_VOICE_FROM
      ? new TwilioVoiceTransport({
          accountSid: c.TWILIO_ACCOUNT_SID,
          authToken: c.TWILIO_AUTH_TOKEN,
          from: c.TWILIO_VOICE_FROM,
          region: c.TWILIO_REGION,
          edge: c.TWILIO_EDGE,
          baseUrl: c.TWILIO_BASE_URL,
          timeoutMs: c.PROVIDER_TIMEOUT_MS,
          callUrl: (id) => voiceCallUrl(id),
          statusCallbackUrl: voiceStatusUrl,
          codeKind: VOICE_CODE_KIND,
          throttle: new SharedPacer(getDb, "twilio-voice", c.VOICE_RATE_PER_SECOND),
          concurrency: c.VOICE_SEND_CONCURRENCY,
        })
      : dev;
  const telegram: Transport = c.TELEGRAM_BOT_TOKEN
    ? new TelegramTransport({
        api: grammyBotApi({ token: c.TELEGRAM_BOT_TOKEN, apiRoot: c.TELEGRAM_API_ROOT, timeoutMs: c.PROVIDER_TIMEOUT_MS }),
        throttle: new SharedPacer(getDb, "telegram", c.TELEGRAM_RATE_PER_SECOND),
      })
    : dev;
  const whatsapp: Transport =
    c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && c.TWILIO_WHATSAPP_FROM
      ? new TwilioWhatsappTransport({
          accountSid: c.TWILIO_ACCOUNT_SID,
          authToken: c.TWILIO_AUTH_TOKEN,
          from: c.TWILIO_WHATSAPP_FROM,
          invitationTemplates: parseTemplateList(c.TWILIO_WHATSAPP_INVITATION_TEMPLATES),
          messageTemplates: parseTemplateList(c.TWILIO_WHATSAPP_MESSAGE_TEMPLATES),
          region: c.TWILIO_REGION,
          edge: c.TWILIO_EDGE,
          baseUrl: c.TWILIO_BASE_URL,
          timeoutMs: c.PROVIDER_TIMEOUT_MS,
          statusCallbackUrl: twilioStatusCallbackUrl,
          lastInboundAt: async (id) => {
            const [v] = await (await getDb()).select({ at: s.volunteers.whatsappLastInboundAt }).from(s.volunteers).where(eq(s.volunteers.id, id));
            return v?.at ?? null;
          },
          throttle: new SharedPacer(getDb, "twilio-whatsapp", c.WHATSAPP_RATE_PER_SECOND),
        })
      : dev;
  return { email, sms, voice, telegram, whatsapp };
}

/** Chooses providers from the configuration; without keys a channel uses the dev transport. */
export function getTransports(): Transports {
  if (g.__helferrufTransports) return g.__helferrufTransports;
  const transports = createTransports(config());
  if (!g.__helferrufTransportLogged && process.env.NODE_ENV !== "test") {
    const line =
      transports.email.name === "dev" && transports.sms.name === "dev"
        ? "no provider keys set: e-mail and SMS use the development transport (read them at /dev/outbox)"
        : `e-mail via ${transports.email.name}, SMS via ${transports.sms.name}, calls via ${transports.voice?.name ?? "dev"}, Telegram via ${transports.telegram?.name ?? "dev"}, WhatsApp via ${transports.whatsapp?.name ?? "dev"}${[transports.email, transports.sms, transports.voice, transports.telegram, transports.whatsapp].some((t) => t?.name === "dev") ? " (dev: read them at /dev/outbox)" : ""}`;
    console.log(`[messaging] ${line}`);
    g.__helferrufTransportLogged = true;
  }
  g.__helferrufTransports = transports;
  return transports;
}

/** Tests replace the transports. */
export function setTransportsForTests(t: Transports | undefined) {
  g.__helferrufTransports = t;
}
