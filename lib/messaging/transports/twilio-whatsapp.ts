import type twilio from "twilio";
import type { Message } from "@/db/schema";
import { toLocale } from "@/i18n/config";
import type { Pacer } from "../throttle";
import { invitationVariables, asVariable, templateFor, windowOpen, type TemplateList } from "../whatsapp/templates";
import { classifyTwilioError, twilioClient } from "./twilio";
import type { SendContext, SendResult, Transport } from "./types";

export type TwilioWhatsappOptions = {
  accountSid: string;
  authToken: string;
  /** the WhatsApp sender's number (E.164) */
  from: string;
  invitationTemplates: TemplateList;
  messageTemplates: TemplateList;
  region?: string;
  edge?: string;
  baseUrl?: string;
  timeoutMs: number;
  statusCallbackUrl: (messageId: string) => string;
  /** when the volunteer last wrote to us (WhatsApp's 24-hour window) */
  lastInboundAt: (volunteerId: string) => Promise<Date | null>;
  throttle?: Pacer;
  concurrency?: number;
};

/**
 * WhatsApp through Twilio's Messages API (issue 18): "whatsapp:" addresses, invitations always as
 * the approved quick-reply template (ContentSid + ContentVariables, lib/messaging/whatsapp/templates.ts),
 * other messages as free text inside WhatsApp's 24-hour window and as the message template outside
 * it. Status callbacks go to the SMS status route (same signature, same MessageSid). Like SMS,
 * Twilio has no idempotency key: a message whose answer is lost may go once more on retry
 * (docs/operations.md), and a status callback naming it closes that window early.
 */
export class TwilioWhatsappTransport implements Transport {
  readonly name = "twilio-whatsapp";
  readonly throttle?: Pacer;
  readonly concurrency: number;
  private readonly client: twilio.Twilio;

  constructor(private readonly opts: TwilioWhatsappOptions) {
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 4;
    this.client = twilioClient(opts);
  }

  private async content(message: Message): Promise<{ contentSid: string; contentVariables: string } | { body: string }> {
    const locale = toLocale(message.locale);
    const text = message.body ?? "";
    if (message.kind === "invitation" && message.invitationId) {
      return { contentSid: templateFor(this.opts.invitationTemplates, locale)!, contentVariables: JSON.stringify(invitationVariables(text, message.invitationId)) };
    }
    const last = message.volunteerId ? await this.opts.lastInboundAt(message.volunteerId) : null;
    if (windowOpen(last)) return { body: text.slice(0, 1600) };
    return { contentSid: templateFor(this.opts.messageTemplates, locale)!, contentVariables: JSON.stringify({ "1": asVariable(text) }) };
  }

  async send(message: Message, _ctx?: SendContext): Promise<SendResult> {
    try {
      const sent = await this.client.messages.create({
        from: `whatsapp:${this.opts.from}`,
        to: `whatsapp:${message.recipient ?? ""}`,
        ...(await this.content(message)),
        statusCallback: this.opts.statusCallbackUrl(message.id),
      });
      return { ok: true, providerId: sent.sid };
    } catch (err) {
      const failure = classifyTwilioError(err);
      // 63024: not a valid WhatsApp user; 63003: the number cannot receive WhatsApp — as a STOP
      const code = (err as { code?: number | string })?.code;
      if (String(code) === "63024" || String(code) === "63003") return { ...failure, retryable: false, recipientOptedOut: true };
      return failure;
    }
  }
}
