import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { createTransports } from "@/lib/messaging/transports";
import { spokenVoiceFor } from "@/lib/messaging/voice/voices";

const twilio = { TWILIO_ACCOUNT_SID: "AC" + "0".repeat(32), TWILIO_AUTH_TOKEN: "token", TWILIO_FROM: "+4915790000000" };

describe("voice call configuration (issue 18)", () => {
  it("uses the development transport for calls until TWILIO_VOICE_FROM is set, then Twilio Voice", () => {
    expect(createTransports(parseConfig({ NODE_ENV: "test", ...twilio })).voice?.name).toBe("dev");
    expect(createTransports(parseConfig({ NODE_ENV: "test", ...twilio, TWILIO_VOICE_FROM: "+493012345678" })).voice?.name).toBe("twilio-voice");
  });

  it.each([
    [{ TWILIO_VOICE_FROM: "+493012345678" }, /TWILIO_VOICE_FROM/],
    [{ ...twilio, TWILIO_VOICE_FROM: "030 123" }, /TWILIO_VOICE_FROM/],
    [{ VOICE_LANGUAGES: "de,uk" }, /VOICE_LANGUAGES/],
    [{ VOICE_LANGUAGES: "tr,ru" }, /VOICE_LANGUAGES/],
    [{ VOICE_LANGUAGES: "de", VOICE_FALLBACK_LANGUAGE: "en" }, /VOICE_FALLBACK_LANGUAGE/],
    [{ VOICE_NAMES: "de=Vicki" }, /VOICE_NAMES/],
    [{ VOICE_RETRY_DELAY_MINUTES: "0" }, /VOICE_RETRY_DELAY_MINUTES/],
  ])("refuses %o and names the variable", (env, variable) => {
    expect(() => parseConfig({ NODE_ENV: "test", ...env })).toThrow(variable);
  });

  it("speaks de, en, ar, tr and ru with their Polly voices; uk and fa fall back to VOICE_FALLBACK_LANGUAGE", () => {
    const c = parseConfig({ NODE_ENV: "test" });
    expect(spokenVoiceFor("ar", c)).toMatchObject({ lang: "ar", voice: "Polly.Zeina", language: "arb" });
    expect(spokenVoiceFor("tr", c)).toMatchObject({ lang: "tr", voice: "Polly.Filiz", language: "tr-TR" });
    expect(spokenVoiceFor("uk", c)).toMatchObject({ lang: "de", language: "de-DE" });
    expect(spokenVoiceFor("fa", parseConfig({ NODE_ENV: "test", VOICE_FALLBACK_LANGUAGE: "en" }))).toMatchObject({ lang: "en", language: "en-GB" });
    // a language left out of VOICE_LANGUAGES falls back too; VOICE_NAMES overrides the voice
    const limited = parseConfig({ NODE_ENV: "test", VOICE_LANGUAGES: "de,en", VOICE_NAMES: "de=Polly.Hans" });
    expect(spokenVoiceFor("ru", limited)).toMatchObject({ lang: "de", voice: "Polly.Hans" });
  });
});
