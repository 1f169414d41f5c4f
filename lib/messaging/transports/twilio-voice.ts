import twilio from "twilio";
import type VoiceResponse from "twilio/lib/twiml/VoiceResponse";
import type { Message } from "@/db/schema";
import { toLocale } from "@/i18n/config";
import type { Pacer } from "../throttle";
import { spokenVoiceFor } from "../voice/voices";
import { classifyTwilioError, twilioClient } from "./twilio";
import type { SendContext, SendResult, Transport } from "./types";

export type TwilioVoiceTransportOptions = {
  accountSid: string;
  authToken: string;
  /** the voice-capable number calls come from (TWILIO_VOICE_FROM) */
  from: string;
  region?: string;
  edge?: string;
  /** tests only: a local fake Twilio */
  baseUrl?: string;
  timeoutMs: number;
  /** the TwiML of an invitation call (lib/messaging/voice/calls.ts voiceCallUrl) */
  callUrl: (messageId: string) => string;
  statusCallbackUrl: (messageId: string) => string;
  /** kind of the code call, whose TwiML goes inline */
  codeKind: string;
  throttle?: Pacer;
  concurrency?: number;
};

/** How long a call rings before it counts as "no answer" (seconds). */
export const RING_SECONDS = 30;

/**
 * The TwiML of a call that only reads a text (the confirmation code): each line of the body,
 * with a pause between, in the recipient's spoken language.
 */
export function readOutTwiml(message: Pick<Message, "body" | "locale">): string {
  const voice = spokenVoiceFor(toLocale(message.locale));
  const r = new twilio.twiml.VoiceResponse();
  r.pause({ length: 1 });
  for (const line of (message.body ?? "").split("\n").filter(Boolean)) {
    r.say({ voice: voice.voice as VoiceResponse.SayAttributes["voice"], language: voice.language as VoiceResponse.SayAttributes["language"] }, line);
    r.pause({ length: 2 });
  }
  r.hangup();
  return r.toString();
}

/**
 * Calls through the Twilio SDK (`calls.create`). An invitation call fetches its TwiML from our
 * call route when answered (the request as it is then, the keypad menu) with answering-machine
 * detection; a code call carries its TwiML inline (the code must not need a second fetch).
 * Twilio has no idempotency key: as for SMS, the message is marked sent right after Twilio
 * answers, and the status callback ("initiated", seconds later) carries the outbox message id, so
 * a call whose answer was lost is recorded and not placed again (docs/operations.md).
 */
export class TwilioVoiceTransport implements Transport {
  readonly name = "twilio-voice";
  readonly throttle?: Pacer;
  readonly concurrency: number;
  private readonly client: twilio.Twilio;

  constructor(private readonly opts: TwilioVoiceTransportOptions) {
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 1;
    this.client = twilioClient(opts);
  }

  async send(message: Message, _ctx?: SendContext): Promise<SendResult> {
    const common = {
      to: message.recipient ?? "",
      from: this.opts.from,
      timeout: RING_SECONDS,
      statusCallback: this.opts.statusCallbackUrl(message.id),
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["initiated", "completed"],
    };
    try {
      const call =
        message.kind === this.opts.codeKind
          ? await this.client.calls.create({ ...common, twiml: readOutTwiml(message) })
          : await this.client.calls.create({ ...common, url: this.opts.callUrl(message.id), method: "POST", machineDetection: "Enable" });
      return { ok: true, providerId: call.sid };
    } catch (err) {
      return classifyTwilioError(err);
    }
  }
}
