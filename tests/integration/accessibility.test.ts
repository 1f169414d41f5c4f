import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { setupTestDatabase } from "../helpers/db";
import { setUpOrganisations } from "../helpers/admin-fixtures";

// The action reads the client IP from the headers, the page language from next-intl, and ends with a redirect.
let forwardedFor = "203.0.113.20";
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": forwardedFor }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "en" }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
}));

const { sendFeedbackAction } = await import("@/app/(public)/accessibility/actions");
const { sendAccessibilityFeedback } = await import("@/lib/accessibility/feedback");
const { emptyFeedback } = await import("@/lib/accessibility/feedback-form");
const { getPublicAccessibility } = await import("@/lib/accessibility/public");
const { getOrganizationSettings, updateOrganizationSettings } = await import("@/lib/organizations/settings");
const { resetConfigForTests } = await import("@/lib/config");

const t = setupTestDatabase();
const CONTACT = "barrierefreiheit@example.org"; // from the seed

async function feedbackMails() {
  return t.db.select().from(s.messages).where(eq(s.messages.kind, "accessibility-feedback"));
}

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

describe("accessibility feedback", () => {
  beforeEach(() => {
    forwardedFor = "203.0.113.20";
  });

  it("queues one e-mail to the organisation's accessibility contact with the report, and nothing else", async () => {
    const before = await t.db.select({ n: count() }).from(s.auditEvents);
    const result = await sendAccessibilityFeedback(
      { message: "Das Feld <Handynummer> wird nicht vorgelesen.\nMit NVDA getestet.", name: "Erika Muster", email: "Erika@Example.net", page: "Registrierung" },
      { ip: "203.0.113.1", locale: "en", db: t.db },
    );
    expect(result).toEqual({ ok: true });
    const mails = await feedbackMails();
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m).toMatchObject({ channel: "email", recipient: CONTACT, status: "queued", locale: "de", volunteerId: null, subject: "Meldung zur Barrierefreiheit von Helferruf" });
    expect(m.body).toContain("Das Feld <Handynummer> wird nicht vorgelesen.");
    expect(m.body).toContain("Erika Muster");
    expect(m.body).toContain("Erika@Example.net");
    expect(m.body).toContain("Registrierung");
    expect(m.body).toContain("Sprache der Seite: Englisch");
    // user text is escaped in the HTML part, and the message carries no unsubscribe machinery
    expect(m.html).toContain("&lt;Handynummer&gt;");
    expect(m.html).not.toContain("<Handynummer>");
    expect(m.headers).toBeNull();
    const after = await t.db.select({ n: count() }).from(s.auditEvents);
    expect(after[0].n).toBe(before[0].n);
  });

  it("refuses bad input field by field and stores nothing", async () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ message: "   " }, { message: "required" }],
      [{ message: "x".repeat(4001) }, { message: "too_long" }],
      [{ message: "Hallo", email: "keine-adresse" }, { email: "email_invalid" }],
      [{ message: "Hallo", name: "Erika\u0000Muster" }, { name: "control_chars" }],
      [{ message: "Hallo", page: "Seite\nzwei" }, { page: "control_chars" }],
      [{ message: "Hallo\u202eollaH" }, { message: "control_chars" }],
    ];
    for (const [input, errors] of cases) {
      const result = await sendAccessibilityFeedback({ ...emptyFeedback, ...input }, { ip: "203.0.113.2", db: t.db });
      expect(result).toEqual({ ok: false, error: "invalid", fieldErrors: errors });
    }
    expect(await feedbackMails()).toHaveLength(0);
  });

  it("says so when the organisation has no accessibility contact, and queues nothing", async () => {
    const [org] = await t.db.select().from(s.organizations);
    await t.db.update(s.organizations).set({ settings: { ...org.settings, accessibility: {} } }).where(eq(s.organizations.id, org.id));
    expect(await sendAccessibilityFeedback({ ...emptyFeedback, message: "Hallo" }, { ip: "203.0.113.3", db: t.db })).toEqual({ ok: false, error: "no_contact" });
    expect(await feedbackMails()).toHaveLength(0);
  });

  describe("rate limit per client IP", () => {
    afterEach(() => {
      delete process.env.RATE_LIMIT_FEEDBACK_PER_IP_HOUR;
      resetConfigForTests();
    });

    it("refuses the report over the limit from one address (nothing queued) while another address still gets through", async () => {
      process.env.RATE_LIMIT_FEEDBACK_PER_IP_HOUR = "2";
      resetConfigForTests();
      const now = new Date("2026-12-01T10:05:00Z");
      const send = (ip: string | null) => sendAccessibilityFeedback({ ...emptyFeedback, message: "Barriere" }, { ip, now, db: t.db });
      expect((await send("198.51.100.1")).ok).toBe(true);
      expect((await send("198.51.100.1")).ok).toBe(true);
      const refused = await send("198.51.100.1");
      expect(refused).toMatchObject({ ok: false, error: "rate_limited" });
      expect(refused.ok === false && refused.error === "rate_limited" && refused.retryAfterMs).toBe(55 * 60_000);
      expect((await send("198.51.100.2")).ok).toBe(true);
      // requests without a known address share one counter instead of going unlimited
      expect((await send(null)).ok).toBe(true);
      expect((await send(null)).ok).toBe(true);
      expect((await send(null)).ok).toBe(false);
      expect(await feedbackMails()).toHaveLength(5);
    });
  });

  describe("the form's server action", () => {
    it("keeps what was typed and returns the field errors", async () => {
      const typed = { message: "", name: "Erika", email: "erika@", page: "Start" };
      const state = await sendFeedbackAction({ status: "idle", values: emptyFeedback }, form(typed));
      expect(state).toEqual({ status: "error", values: typed, errors: { message: "required", email: "email_invalid" } });
      expect(await feedbackMails()).toHaveLength(0);
    });

    it("redirects to the thank-you page after queuing the e-mail (a reload sends nothing again)", async () => {
      await expect(sendFeedbackAction({ status: "idle", values: emptyFeedback }, form({ message: "Kontrast zu schwach", email: "", name: "", page: "" }))).rejects.toThrow("redirect:/accessibility/thanks");
      const [m] = await feedbackMails();
      expect(m.body).toContain("Kontrast zu schwach");
      expect(m.body).toContain("Sprache der Seite: Englisch");
    });

    it("answers a posted form that is not text at all with field errors, never an exception", async () => {
      const fd = new FormData();
      fd.set("message", new Blob(["x"]));
      const state = await sendFeedbackAction({ status: "idle", values: emptyFeedback }, fd);
      expect(state).toMatchObject({ status: "error", errors: { message: "required" } });
    });
  });
});

describe("accessibility settings", () => {
  let w: Awaited<ReturnType<typeof setUpOrganisations>>;
  const ctx = { ip: "192.0.2.10" };
  const base = async () => (await getOrganizationSettings(w.actors.admin)) as { ok: true; values: Record<string, string> };

  beforeEach(async () => {
    w = await setUpOrganisations(t.db);
  });

  it("saves the statement, contact and video fields, and the pages read them", async () => {
    const { values } = await base();
    const result = await updateOrganizationSettings(
      w.actors.admin,
      {
        ...values,
        conformance: "full",
        nonAccessible: "",
        statementPreparedOn: "2026-10-01",
        statementReviewedOn: "2026-11-15",
        assessmentMethod: "third_party",
        assessmentDetails: "BITV-Test",
        accessibilityEmail: "a11y@example.org",
        accessibilityPhone: "+49 30 555-0",
        enforcementName: "Ombudsstelle für barrierefreie IT des Landes",
        enforcementUrl: "https://ombudsstelle.example.de/",
        signLanguageVideoUrl: "https://video.example.org/dgs/helferruf.mp4",
        signLanguageDownloadUrl: "",
      },
      ctx,
    );
    expect(result).toEqual({ ok: true });
    const again = await base();
    expect(again.values).toMatchObject({ conformance: "full", statementReviewedOn: "2026-11-15", accessibilityEmail: "a11y@example.org", signLanguageVideoUrl: "https://video.example.org/dgs/helferruf.mp4", nonAccessible: "" });
    const page = await getPublicAccessibility();
    expect(page).toMatchObject({
      conformance: "full",
      barriers: [],
      preparedOn: "2026-10-01",
      reviewedOn: "2026-11-15",
      method: "third_party",
      email: "a11y@example.org",
      enforcement: { name: "Ombudsstelle für barrierefreie IT des Landes", url: "https://ombudsstelle.example.de/" },
      // a video file is offered for download as it is
      signLanguage: { kind: "file", videoUrl: "https://video.example.org/dgs/helferruf.mp4", downloadUrl: "https://video.example.org/dgs/helferruf.mp4" },
    });
    // the audit names the changed fields, never their values
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "organization.update_settings"));
    expect(audit.details).toMatchObject({ changed: expect.arrayContaining(["conformance", "accessibilityEmail", "signLanguageVideoUrl"]) });
    expect(JSON.stringify(audit.details)).not.toContain("a11y@example.org");
  });

  it("reads the list of non-accessible content as part | reason | alternative, and an embed page as an embed", async () => {
    const { values } = await base();
    await updateOrganizationSettings(
      w.actors.admin,
      { ...values, nonAccessible: "PDF-Flyer | noch nicht umgesetzt | Text auf Anfrage per E-Mail\n\n  Karte  ", signLanguageVideoUrl: "https://player.example.org/embed/123", signLanguageDownloadUrl: "https://files.example.org/dgs.mp4" },
      ctx,
    );
    const page = await getPublicAccessibility();
    expect(page.barriers).toEqual([
      { part: "PDF-Flyer", reason: "noch nicht umgesetzt", alternative: "Text auf Anfrage per E-Mail" },
      { part: "Karte", reason: null, alternative: null },
    ]);
    expect(page.signLanguage).toEqual({ kind: "embed", videoUrl: "https://player.example.org/embed/123", downloadUrl: "https://files.example.org/dgs.mp4" });
  });

  it("falls back to the federal Schlichtungsstelle and says 'no video' when nothing is set", async () => {
    const { values } = await base();
    await updateOrganizationSettings(w.actors.admin, { ...values, enforcementName: "", enforcementUrl: "", signLanguageVideoUrl: "", signLanguageDownloadUrl: "" }, ctx);
    const page = await getPublicAccessibility();
    expect(page.enforcement).toEqual({ name: null, url: "https://www.schlichtungsstelle-bgg.de" });
    expect(page.signLanguage).toEqual({ kind: null, videoUrl: null, downloadUrl: null });
  });

  it("refuses unsafe or malformed values field by field and writes nothing", async () => {
    const [before] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    const { values } = await base();
    const result = await updateOrganizationSettings(
      w.actors.admin,
      {
        ...values,
        conformance: "mostly",
        assessmentMethod: "guess",
        statementPreparedOn: "2026-02-30",
        accessibilityEmail: "nicht-gueltig",
        accessibilityPhone: "call me",
        enforcementUrl: "http://ombudsstelle.example.de",
        signLanguageVideoUrl: "javascript:alert(1)",
        signLanguageDownloadUrl: "https://example.org/a\u0007b.mp4",
        assessmentDetails: "Tools\u0000",
        nonAccessible: Array.from({ length: 31 }, (_, i) => `Teil ${i}`).join("\n"),
      },
      ctx,
    );
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: {
        conformance: "conformance_invalid",
        assessmentMethod: "method_invalid",
        statementPreparedOn: "date_invalid",
        accessibilityEmail: "email_invalid",
        accessibilityPhone: "phone_invalid",
        enforcementUrl: "url_https",
        signLanguageVideoUrl: "url_https",
        signLanguageDownloadUrl: "url_invalid",
        assessmentDetails: "control_chars",
        nonAccessible: "too_many_lines",
      },
    });
    const [after] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(after.settings).toEqual(before.settings);
  });

  it("refuses control characters in every organisation text field (a CR/LF in the name would inject .ics lines) and writes nothing", async () => {
    const [before] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    const { values } = await base();
    const result = await updateOrganizationSettings(
      w.actors.admin,
      {
        ...values,
        name: "Helferkreis\r\nATTACH:http://evil.example/x",
        emailSenderName: "Helfer\u0000kreis",
        privacyContact: "datenschutz@example.org\u0007",
        address: "Markt 1\u202e",
        imprint: "Zeile 1\nZeile 2\u001b[31m",
      },
      ctx,
    );
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { name: "control_chars", emailSenderName: "control_chars", privacyContact: "control_chars", address: "control_chars", imprint: "control_chars" },
    });
    const [after] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(after).toEqual(before);
    // line breaks stay allowed in the imprint (a textarea)
    expect(await updateOrganizationSettings(w.actors.admin, { ...values, imprint: "Zeile 1\r\nZeile 2\tTab" }, ctx)).toMatchObject({ ok: true });
  });

  it("refuses a review date before the preparation date, and a body's link without its name", async () => {
    const { values } = await base();
    const result = await updateOrganizationSettings(
      w.actors.admin,
      { ...values, statementPreparedOn: "2026-11-15", statementReviewedOn: "2026-11-01", enforcementName: "", enforcementUrl: "https://ombudsstelle.example.de" },
      ctx,
    );
    expect(result).toEqual({ ok: false, error: "invalid", fieldErrors: { statementReviewedOn: "review_before_preparation", enforcementName: "enforcement_name_required" } });
  });

  it("keeps the stored accessibility values when a form does not send those fields", async () => {
    const { values } = await base();
    const older = Object.fromEntries(Object.entries(values).filter(([k]) => !["conformance", "accessibilityEmail", "signLanguageVideoUrl"].includes(k)));
    expect(await updateOrganizationSettings(w.actors.admin, { ...older, name: "Helferkreis Neu" }, ctx)).toEqual({ ok: true });
    const again = await base();
    expect(again.values).toMatchObject({ name: "Helferkreis Neu", conformance: "partial", accessibilityEmail: CONTACT });
  });

});
