import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { createTransports } from "@/lib/messaging/transports";
import { asVariable, invitationVariables, parseTemplateList, templateFor, windowOpen } from "@/lib/messaging/whatsapp/templates";
import { parseInboundWhatsapp } from "@/lib/messaging/whatsapp/inbound";
import { connectCodeIn } from "@/lib/volunteers/whatsapp";
import { describePrivacyNotice } from "@/lib/privacy/document";
import { buildProcessingRecord } from "@/lib/privacy/records";

const hx = (d: string) => "HX" + d.repeat(32);
const twilio = { TWILIO_ACCOUNT_SID: "AC" + "0".repeat(32), TWILIO_AUTH_TOKEN: "token", TWILIO_FROM: "+4915790000000" };
const wa = { ...twilio, TWILIO_WHATSAPP_FROM: "+4930555000111", TWILIO_WHATSAPP_INVITATION_TEMPLATES: `de=${hx("1")},en=${hx("2")}`, TWILIO_WHATSAPP_MESSAGE_TEMPLATES: `de=${hx("3")}` };

describe("WhatsApp configuration (issue 18)", () => {
  it("uses the development transport until a sender and its templates are configured, then Twilio", () => {
    expect(createTransports(parseConfig({ NODE_ENV: "test", ...twilio })).whatsapp?.name).toBe("dev");
    expect(createTransports(parseConfig({ NODE_ENV: "test", ...wa })).whatsapp?.name).toBe("twilio-whatsapp");
  });

  it.each([
    [{ TWILIO_WHATSAPP_FROM: "+4930555000111" }, /TWILIO_WHATSAPP_FROM[\s\S]*TWILIO_ACCOUNT_SID/],
    [{ ...wa, TWILIO_WHATSAPP_FROM: "whatsapp:+4930555000111" }, /TWILIO_WHATSAPP_FROM/],
    [{ ...wa, TWILIO_WHATSAPP_INVITATION_TEMPLATES: undefined }, /TWILIO_WHATSAPP_INVITATION_TEMPLATES/],
    [{ ...wa, TWILIO_WHATSAPP_MESSAGE_TEMPLATES: `en=${hx("3")}` }, /TWILIO_WHATSAPP_MESSAGE_TEMPLATES[\s\S]*de/],
    [{ ...wa, TWILIO_WHATSAPP_MESSAGE_TEMPLATES: `de=HX123` }, /TWILIO_WHATSAPP_MESSAGE_TEMPLATES/],
    [{ ...wa, TWILIO_WHATSAPP_INVITATION_TEMPLATES: `de=${hx("1")},xx=${hx("2")}` }, /TWILIO_WHATSAPP_INVITATION_TEMPLATES/],
    [{ ...twilio, TWILIO_WHATSAPP_MESSAGE_TEMPLATES: `de=${hx("3")}` }, /TWILIO_WHATSAPP_MESSAGE_TEMPLATES[\s\S]*TWILIO_WHATSAPP_FROM/],
    [{ WHATSAPP_RATE_PER_SECOND: "81" }, /WHATSAPP_RATE_PER_SECOND/],
  ])("refuses %o and names the variable", (env, variable) => {
    expect(() => parseConfig({ NODE_ENV: "test", ...env })).toThrow(variable);
  });
});

describe("WhatsApp templates and messages", () => {
  it("chooses the template of the language, else English, else German", () => {
    const list = parseTemplateList(`de=${hx("1")},en=${hx("2")},uk=${hx("3")}`);
    expect(templateFor(list, "uk")).toBe(hx("3"));
    expect(templateFor(list, "ar")).toBe(hx("2"));
    expect(templateFor(parseTemplateList(`de=${hx("1")}`), "ar")).toBe(hx("1"));
  });

  it("puts a text on one line as WhatsApp requires of variables, and the button ids name the invitation", () => {
    expect(asVariable("Fahrt\n\nmorgen 9:00\tRathaus      Eingang")).toBe("Fahrt · morgen 9:00 Rathaus   Eingang");
    expect(asVariable("x".repeat(2000))).toHaveLength(900);
    const id = "0b8f1a52-6a43-4f55-9d4f-2f1b3c4d5e6f";
    expect(invitationVariables("a\nb", id)).toEqual({ "1": "a · b", "2": `a:${id}`, "3": `d:${id}` });
  });

  it("counts the 24-hour window from the volunteer's last message, with a margin", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    expect(windowOpen(null, now)).toBe(false);
    expect(windowOpen(new Date("2026-12-02T00:00:00Z"), now)).toBe(true);
    expect(windowOpen(new Date("2026-12-01T12:05:00Z"), now)).toBe(false);
  });

  it("reads inbound messages only from whatsapp: numbers with a Twilio message SID, and finds the connect code", () => {
    const sid = "SM" + "a".repeat(32);
    expect(parseInboundWhatsapp({ MessageSid: sid, From: "whatsapp:+491761234567", Body: "JA", ButtonPayload: "" })).toEqual({ sid, from: "+491761234567", body: "JA", payload: undefined, repliedTo: undefined });
    expect(parseInboundWhatsapp({ MessageSid: sid, From: "+491761234567", Body: "JA" })).toBeNull();
    expect(parseInboundWhatsapp({ MessageSid: "xx", From: "whatsapp:+491761234567", Body: "JA" })).toBeNull();
    const code = "A".repeat(43);
    expect(connectCodeIn(`Helferruf ${code}`)).toBe(code);
    expect(connectCodeIn("Helferruf")).toBeNull();
    expect(connectCodeIn("JA")).toBeNull();
  });
});

describe("the record of processing and the privacy notice", () => {
  const org = { name: "Helferkreis Musterstadt", settings: {} } as Parameters<typeof buildProcessingRecord>[0];
  it("name WhatsApp (Twilio and Meta, with where they process) only where a WhatsApp sender is configured", () => {
    expect(buildProcessingRecord(org, parseConfig({ NODE_ENV: "test", ...twilio })).processors.map((p) => p.key)).not.toContain("whatsapp");
    const record = buildProcessingRecord(org, parseConfig({ NODE_ENV: "test", ...wa }));
    expect(record.processors.find((p) => p.key === "whatsapp")).toMatchObject({ state: "configured", location: "whatsappMeta" });
    expect(describePrivacyNotice(record, "de").recipients.some((r) => r.startsWith("Versand über WhatsApp: Twilio Inc. / WhatsApp Ireland Limited (Meta) – Irland, EU"))).toBe(true);
    expect(describePrivacyNotice(record, "fa").recipients.some((r) => r.startsWith("ارسال از طریق WhatsApp"))).toBe(true);
  });
});
