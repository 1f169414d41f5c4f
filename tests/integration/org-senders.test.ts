import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { Throttle } from "@/lib/messaging/throttle";
import { twilioStatusCallbackUrl } from "@/lib/messaging/transports";
import { ResendTransport } from "@/lib/messaging/transports/resend";
import { TwilioTransport } from "@/lib/messaging/transports/twilio";
import { updateBranding, updateSenders } from "@/lib/organizations/branding";
import { FakeResend } from "../fakes/fake-resend";
import { FakeTwilio } from "../fakes/fake-twilio";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { emailTo, serveFake, smsTo } from "../helpers/messaging";
import { loadMessageOrg } from "@/lib/requests/load";
import { invitationMessages } from "@/lib/requests/messages";

const logoRoute = await import("@/app/logo/[org]/[file]/route");

const t = setupTestDatabase();
const resend = serveFake(new FakeResend(), t);
const twilio = serveFake(new FakeTwilio(), t);
const ctx = { ip: "203.0.113.9" };

const INSTALLATION_MG = "MG" + "0".repeat(32);
const CARITAS_MG = "MG" + "abcdef0123456789".repeat(2);

function transports(timeoutMs = 2000) {
  return {
    email: new ResendTransport({ apiKey: resend.apiKey, from: "Helferruf <helfen@example.org>", replyTo: "koordination@example.org", baseUrl: resend.url, timeoutMs, throttle: new Throttle(100) }),
    sms: new TwilioTransport({ accountSid: twilio.accountSid, authToken: twilio.authToken, messagingServiceSid: INSTALLATION_MG, baseUrl: twilio.url, timeoutMs, statusCallbackUrl: twilioStatusCallbackUrl, throttle: new Throttle(100) }),
  };
}

const ENV = ["RESEND_API_KEY", "RESEND_BASE_URL", "RESEND_VERIFIED_DOMAINS", "EMAIL_FROM"] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
function env(values: Partial<Record<(typeof ENV)[number], string>>) {
  for (const k of ENV) {
    if (values[k] === undefined) delete process.env[k];
    else process.env[k] = values[k];
  }
  resetConfigForTests();
}
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
});

describe("each message goes out with its organisation's sender", () => {
  it("sends the organisation's From, Reply-To and messaging service through the real SDKs; others and installation mail keep the installation's", async () => {
    const w = await setUpOrganisations(t.db);
    await t.db
      .update(s.organizations)
      .set({ emailSenderName: "Caritas Musterstadt", emailFromAddress: "hilfe@caritas.example", emailReplyTo: "team@caritas.example", smsSender: CARITAS_MG })
      .where(eq(s.organizations.id, w.org.id));
    // the second organisation only named itself and chose a sender ID
    await t.db.update(s.organizations).set({ emailSenderName: "Andere Stadt e.V.", smsSender: "AndereStadt" }).where(eq(s.organizations.id, w.other.id));
    const ids = await enqueueMessages(t.db, [
      emailTo("a@example.net", { organizationId: w.org.id }),
      emailTo("b@example.net", { organizationId: w.other.id }),
      emailTo("c@example.net"),
      smsTo("+491510000001", { organizationId: w.org.id }),
      smsTo("+491510000002", { organizationId: w.other.id }),
      smsTo("+491510000003"),
    ]);
    const summary = await dispatchDueMessages(t.db, { transports: transports() });
    expect(summary).toMatchObject({ sent: 6, failed: 0 });
    // one batch call carries all three e-mails, each with its own From
    expect(resend.calls.map((c) => [c.path, c.emails])).toEqual([["/emails/batch", 3]]);
    const mail = (to: string) => resend.emails.find((e) => e.to[0] === to)!;
    expect(mail("a@example.net")).toMatchObject({ from: "Caritas Musterstadt <hilfe@caritas.example>", reply_to: "team@caritas.example" });
    expect(mail("b@example.net")).toMatchObject({ from: '"Andere Stadt e.V." <helfen@example.org>', reply_to: "koordination@example.org" });
    expect(mail("c@example.net")).toMatchObject({ from: "Helferruf <helfen@example.org>", reply_to: "koordination@example.org" });
    const sms = (to: string) => twilio.sms.find((m) => m.to === to)!;
    expect(sms("+491510000001")).toMatchObject({ messagingServiceSid: CARITAS_MG, from: undefined });
    expect(sms("+491510000002")).toMatchObject({ from: "AndereStadt", messagingServiceSid: undefined });
    expect(sms("+491510000003")).toMatchObject({ messagingServiceSid: INSTALLATION_MG, from: undefined });
    // stored with the key: a repeated call would read it back
    const rows = await t.db.select({ recipient: s.messages.recipient, sender: s.messages.sender }).from(s.messages).where(inArray(s.messages.id, ids));
    expect(Object.fromEntries(rows.map((r) => [r.recipient, r.sender]))).toEqual({
      "a@example.net": { fromName: "Caritas Musterstadt", fromAddress: "hilfe@caritas.example", replyTo: "team@caritas.example" },
      "b@example.net": { fromName: "Andere Stadt e.V." },
      "c@example.net": null,
      "+491510000001": { smsMessagingServiceSid: CARITAS_MG },
      "+491510000002": { smsFrom: "AndereStadt" },
      "+491510000003": null,
    });
  });

  it("repeats a call with an unknown outcome with the sender it was first sent with, though the organisation changed it meanwhile", async () => {
    const w = await setUpOrganisations(t.db);
    await t.db.update(s.organizations).set({ emailSenderName: "Caritas", emailFromAddress: "hilfe@caritas.example" }).where(eq(s.organizations.id, w.org.id));
    await enqueueMessages(t.db, [emailTo("a@example.net", { organizationId: w.org.id })]);
    // Resend sends it, but the answer is lost (500 after processing): outcome unknown
    resend.program({ status: 500, process: true });
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 0, retried: 1 });
    await t.db.update(s.organizations).set({ emailSenderName: "Caritas Neu", emailFromAddress: "neu@caritas.example" }).where(eq(s.organizations.id, w.org.id));
    await t.db.update(s.messages).set({ nextAttemptAt: new Date(0), lockedUntil: new Date(0) }).where(eq(s.messages.status, "sending"));
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 1, failed: 0 });
    // the same request: Resend replayed its first answer, the e-mail exists once, from the first sender
    expect(resend.calls.map((c) => [c.status, c.replayed])).toEqual([[500, false], [200, true]]);
    expect(resend.emails.map((e) => e.from)).toEqual(["Caritas <hilfe@caritas.example>"]);
  });
});

describe("an admin sets the senders (a From address only on a verified domain)", () => {
  const form = (v: Partial<Record<"emailFromAddress" | "emailReplyTo" | "smsSender", string>>) => ({ emailFromAddress: "", emailReplyTo: "", smsSender: "", ...v });

  it("accepts an address on a domain Resend lists as verified, refuses one on a pending or unknown domain", async () => {
    const w = await setUpOrganisations(t.db);
    env({ RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.url, EMAIL_FROM: "Helferruf <helfen@example.org>" });
    resend.domains = [{ name: "caritas.example", status: "verified" }, { name: "drk.example", status: "pending" }];
    expect(await updateSenders(w.actors.admin, form({ emailFromAddress: "hilfe@drk.example" }), ctx)).toEqual({ ok: false, error: "invalid", fieldErrors: { emailFromAddress: "email_domain_unverified" } });
    expect(await updateSenders(w.actors.admin, form({ emailFromAddress: "hilfe@sub.caritas.example" }), ctx)).toMatchObject({ fieldErrors: { emailFromAddress: "email_domain_unverified" } });
    expect((await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id)))[0].emailFromAddress).toBeNull();
    expect(await updateSenders(w.actors.admin, form({ emailFromAddress: "Hilfe@Caritas.example", emailReplyTo: "team@anywhere.example", smsSender: "Caritas" }), ctx)).toEqual({ ok: true });
    // the installation's own domain counts as verified
    expect(await updateSenders(w.actors.otherAdmin, form({ emailFromAddress: "andere@example.org" }), ctx)).toEqual({ ok: true });
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(org).toMatchObject({ emailFromAddress: "hilfe@caritas.example", emailReplyTo: "team@anywhere.example", smsSender: "Caritas" });
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "organization.update_senders")).orderBy(s.auditEvents.createdAt).limit(1);
    expect(audit).toMatchObject({ outcome: "invalid", organizationId: w.org.id });
  });

  it("takes RESEND_VERIFIED_DOMAINS alone (a sending-only key cannot list domains), and refuses any address when nothing is verified", async () => {
    const w = await setUpOrganisations(t.db);
    env({ RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.url, EMAIL_FROM: "Helferruf <helfen@example.org>", RESEND_VERIFIED_DOMAINS: "diakonie.example, caritas.example" });
    resend.domainsRestricted = true;
    expect(await updateSenders(w.actors.admin, form({ emailFromAddress: "hilfe@diakonie.example" }), ctx)).toEqual({ ok: true });
    env({});
    expect(await updateSenders(w.actors.admin, form({ emailFromAddress: "hilfe@diakonie.example" }), ctx)).toMatchObject({ fieldErrors: { emailFromAddress: "email_domain_none" } });
    // empty: the installation's sender again, nothing to verify
    expect(await updateSenders(w.actors.admin, form({}), ctx)).toEqual({ ok: true });
    expect(await updateSenders(w.actors.admin, form({ smsSender: "Viel zu langer Name" }), ctx)).toMatchObject({ fieldErrors: { smsSender: "sms_sender_id_invalid" } });
  });
});

describe("branding: accent colour and logo", () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

  it("refuses a colour below 4.5:1 and a bad logo together, storing nothing; then stores both and serves the logo with caching headers", async () => {
    const w = await setUpOrganisations(t.db);
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: "image/png" });
    expect(await updateBranding(w.actors.admin, { accentColor: "#ffcc00", logo: svg }, ctx)).toEqual({ ok: false, error: "invalid", fieldErrors: { accentColor: "accent_contrast", logo: "logo_svg" } });
    expect(await updateBranding(w.actors.admin, { accentColor: "#0b6e4f", logo: new Blob([Buffer.alloc(300 * 1024)]) }, ctx)).toMatchObject({ fieldErrors: { logo: "logo_too_large" } });
    let [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(org).toMatchObject({ accentColor: null, logoFile: null });

    const saved = await updateBranding(w.actors.admin, { accentColor: "#0B6E4F", logo: new Blob([png]) }, ctx);
    expect(saved).toMatchObject({ ok: true, logoUrl: expect.stringMatching(new RegExp(`^/logo/${w.org.id}/[0-9a-f]{16}\\.png$`)) });
    [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(org.accentColor).toBe("#0b6e4f");
    const file = org.logoFile!;
    const get = (f: string, headers: Record<string, string> = {}) => logoRoute.GET(new Request(`http://localhost/logo/${w.org.id}/${f}`, { headers }), { params: Promise.resolve({ org: w.org.id, file: f }) });
    const res = await get(file);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect((await get(file, { "if-none-match": `"${file}"` })).status).toBe(304);
    // another organisation's id with this file name, and a made-up name: nothing
    expect((await logoRoute.GET(new Request("http://localhost/x"), { params: Promise.resolve({ org: w.other.id, file }) })).status).toBe(404);
    expect((await get("0123456789abcdef.png")).status).toBe(404);
    expect((await get("../../etc.png")).status).toBe(404);

    // a new upload gets a new URL (the old one is gone); "remove" deletes it
    const other = Buffer.concat([png, Buffer.from([2])]);
    await updateBranding(w.actors.admin, { accentColor: "#0b6e4f", logo: new Blob([other]) }, ctx);
    expect((await get(file)).status).toBe(404);
    expect(await updateBranding(w.actors.admin, { accentColor: "", logoAction: "remove" }, ctx)).toEqual({ ok: true, logoUrl: null });
    expect(await t.db.select().from(s.organizationLogos)).toEqual([]);
    // the other organisation's admin changed nothing here
    expect(await updateBranding(w.actors.otherAdmin, { accentColor: "#123456" }, ctx)).toMatchObject({ ok: true });
    [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(org.accentColor).toBeNull();
  });

  it("heads the organisation's e-mails with its logo (absolute URL, alt = its name) and colours their buttons with its accent", async () => {
    const w = await setUpOrganisations(t.db);
    await updateBranding(w.actors.admin, { accentColor: "#0b6e4f", logo: new Blob([png]) }, ctx);
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    // as the invitation of one of its requests is written (the organisation read by loadMessageOrg)
    const messageOrg = await loadMessageOrg(t.db, org.id);
    const request = { id: "r1", title: "Fahrt", details: "", place: "Rathaus", startsAt: new Date("2026-12-10T08:00:00Z"), endsAt: new Date("2026-12-10T10:00:00Z"), helpersNeeded: 1, acceptedCount: 0, activityNameDe: "Fahrdienst", activityNameEn: "Driving" };
    const to = { volunteerId: "v1", firstName: "Amira", email: "amira@example.net", phone: null, locale: "de" as const, channels: ["email" as const] };
    const [mail] = invitationMessages(messageOrg, request, to, "x".repeat(43));
    expect(mail.html).toContain(`<img src="http://localhost:3000/logo/${org.id}/${org.logoFile}" alt="${org.name}"`);
    expect(mail.html).toContain("background:#0b6e4f;color:#ffffff");
    expect(mail.html).not.toContain("#174c99");
    expect(mail.body!.split("\n")[0]).toBe(org.name);
  });
});
