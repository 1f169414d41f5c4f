import { eq } from "drizzle-orm";
import { isValidElement, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { insertVolunteer } from "../helpers/volunteers";
import { setupTestDatabase } from "../helpers/db";

// the privacy page reads translations and the language through next-intl: the real catalogues
vi.mock("next-intl/server", async () => {
  const { translator } = await import("@/i18n/translator");
  return {
    getLocale: async () => "de",
    getTranslations: async (ns: string) => {
      const [root, ...rest] = ns.split(".");
      const t = translator("de", root as "legal");
      return (key: string, values?: Record<string, unknown>) => (t as unknown as (k: string, v?: unknown) => string)([...rest, key].join("."), values);
    },
  };
});
vi.mock("next/server", async (orig) => ({ ...(await orig<typeof import("next/server")>()), connection: async () => undefined }));

const { parseConfig, resetConfigForTests } = await import("@/lib/config");
const { buildProcessingRecord, loadProcessingRecord } = await import("@/lib/privacy/records");
const { describeRecord, describePrivacyNotice } = await import("@/lib/privacy/document");
const { renderRecordMarkdown } = await import("@/lib/privacy/markdown");
const { exportProcessingRecordMarkdown, getProcessingRecordDocument } = await import("@/lib/privacy/admin");
const { updateOrganizationSettings, getOrganizationSettings } = await import("@/lib/organizations/settings");
const PrivacyPage = (await import("@/app/(public)/privacy/page")).default;
const { CONSENT_VERSION } = await import("@/lib/volunteers/consent");

const t = setupTestDatabase();
const ENV_KEYS = ["RESEND_API_KEY", "EMAIL_FROM", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_REGION", "HOSTING_PROVIDER", "DATABASE_PROVIDER", "APP_URL"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

type World = Awaited<ReturnType<typeof setUpOrganisations>>;
let w: World;
beforeEach(async () => {
  w = await setUpOrganisations(t.db);
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
});

/** Every string a rendered page contains (its React tree, walked). */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return "";
}

const settingsForm = async (patch: Record<string, string>) => {
  const shown = await getOrganizationSettings(w.actors.admin);
  if (!shown.ok) throw new Error("settings");
  return { ...shown.values, ...patch };
};

describe("record of processing activities (Art. 30)", () => {
  it("shows the configured periods, and changes with the settings — so does the public privacy page", async () => {
    let md = renderRecordMarkdown(describeRecord((await loadProcessingRecord(t.db, w.org.id, parseConfig({})))!, "de"));
    expect(md).toContain("Registrierungen ohne bestätigten Kontaktweg werden nach 7 Tagen gelöscht");
    expect(md).toContain("Betreff, Text, HTML und Anhänge werden 90 Tage nach dem Schreiben gelöscht");
    expect(md).toContain("Ohne Anmeldung und ohne Antwort seit 24 Monaten");
    expect(md).toContain("nicht binnen 30 Tagen anmeldet");
    expect(md).toContain("IP-Adressen im Protokoll | Werden 90 Tage nach dem Eintrag entfernt.");
    let page = textOf(await PrivacyPage({}));
    expect(page).toContain("nach 7 Tagen");
    expect(page).toContain("90 Tage nach dem Versand");
    expect(page).toContain("24 Monate lang");
    expect(page).not.toContain("60 Tage nach dem Versand");

    const input = await settingsForm({ unconfirmedDays: "14", messageBodyDays: "60", inactiveMonths: "18", inactiveNoticeDays: "21", auditIpDays: "30" });
    expect(await updateOrganizationSettings(w.actors.admin, input, { ip: null })).toEqual({ ok: true });

    md = renderRecordMarkdown(describeRecord((await loadProcessingRecord(t.db, w.org.id, parseConfig({})))!, "de"));
    expect(md).toContain("nach 14 Tagen gelöscht");
    expect(md).toContain("werden 60 Tage nach dem Schreiben gelöscht");
    expect(md).toContain("seit 18 Monaten");
    expect(md).toContain("nicht binnen 21 Tagen anmeldet");
    expect(md).toContain("Werden 30 Tage nach dem Eintrag entfernt.");
    expect(md).toContain("Einstellung retention.messageBodyDays");
    page = textOf(await PrivacyPage({}));
    expect(page).toContain("nach 14 Tagen");
    expect(page).toContain("60 Tage nach dem Versand");
    expect(page).toContain("18 Monate lang");
    expect(page).toContain("innerhalb von 21 Tagen");
    expect(page).toContain("nach 30 Tagen");
    expect(page).not.toContain("90 Tage nach dem Versand");
  });

  it("names the calendar subscription with what it shows and how long its address lives, in German and English", async () => {
    const record = (await loadProcessingRecord(t.db, w.org.id, parseConfig({})))!;
    expect(record.purposes.find((p) => p.key === "requests")).toMatchObject({ categories: expect.arrayContaining(["calendarFeed"]), retention: expect.arrayContaining(["calendarFeedLinks"]) });
    const de = renderRecordMarkdown(describeRecord(record, "de"));
    expect(de).toContain("Kalender-Abo (freiwillig)");
    expect(de).toContain("der Kalender zeigt Einsätze bis 30 Tage zurück (höchstens 500)");
    const en = renderRecordMarkdown(describeRecord(record, "en"));
    expect(en).toContain("Calendar subscription addresses");
    expect(en).toContain("up to 30 days back (at most 500)");
  });

  it("names no processor that is not configured, and says so plainly", async () => {
    const record = buildProcessingRecord(w.org, parseConfig({ DATABASE_URL: "postgres://db.internal/helferruf" }));
    expect(record.processors.map((p) => [p.key, p.state])).toEqual([
      ["hosting", "notConfigured"],
      ["database", "notConfigured"],
      ["email", "notUsed"],
      ["sms", "notUsed"],
    ]);
    const md = renderRecordMarkdown(describeRecord(record, "de"));
    expect(md).toContain("nicht konfiguriert – HOSTING_PROVIDER ist nicht gesetzt");
    expect(md).toContain("nicht konfiguriert – DATABASE_PROVIDER ist nicht gesetzt");
    expect(md).toContain("kein Dienstleister konfiguriert (RESEND_API_KEY fehlt)");
    expect(md).not.toMatch(/Resend, Inc\.|Twilio Inc\./);
    expect(md).toContain("APP_URL ist keine https-Adresse (http://localhost:3000)");
    // the embedded database is part of the hosting
    expect(buildProcessingRecord(w.org, parseConfig({})).processors[1].state).toBe("embedded");
    expect(describePrivacyNotice(record, "de").recipients).toEqual([
      "Hosting der Anwendung: noch nicht angegeben",
      "Datenbank: noch nicht angegeben",
      "E-Mail-Versand: wird derzeit nicht genutzt",
      "SMS-Versand: wird derzeit nicht genutzt",
    ]);
  });

  it("names Resend, Twilio (with its region), hosting and database when they are configured", async () => {
    const env = {
      APP_URL: "https://helfen.example.org",
      RESEND_API_KEY: "re_test_123",
      EMAIL_FROM: "Helferkreis <helfen@example.org>",
      TWILIO_ACCOUNT_SID: "AC" + "0".repeat(32),
      TWILIO_AUTH_TOKEN: "secret",
      TWILIO_FROM: "+4915790000000",
      TWILIO_REGION: "ie1",
      HOSTING_PROVIDER: "Hetzner Online GmbH, Gunzenhausen (Deutschland)",
      DATABASE_URL: "postgres://db.internal/helferruf",
      DATABASE_PROVIDER: "Hetzner Online GmbH (Managed PostgreSQL), Falkenstein",
    };
    const record = buildProcessingRecord(w.org, parseConfig(env));
    const md = renderRecordMarkdown(describeRecord(record, "en"));
    expect(md).toContain("| Hosting the application | Hetzner Online GmbH, Gunzenhausen (Deutschland) | — | HOSTING_PROVIDER |");
    expect(md).toContain("| E-mail delivery | Resend, Inc. | USA (Resend, Inc., San Francisco)");
    expect(md).toContain("| SMS delivery | Twilio Inc. | Ireland, EU (Twilio region ie1) |");
    expect(md).toContain("Encrypted transport: every page and link over HTTPS (https://helfen.example.org).");
    expect(describePrivacyNotice(record, "de").recipients).toEqual([
      "Hosting der Anwendung: Hetzner Online GmbH, Gunzenhausen (Deutschland)",
      "Datenbank: Hetzner Online GmbH (Managed PostgreSQL), Falkenstein",
      expect.stringMatching(/^E-Mail-Versand: Resend, Inc\. – USA/),
      "SMS-Versand: Twilio Inc. – Irland, EU (Twilio-Region ie1)",
    ]);
    // the public page names them from the process configuration
    Object.assign(process.env, env);
    resetConfigForTests();
    const page = textOf(await PrivacyPage({}));
    expect(page).toContain("SMS-Versand: Twilio Inc. – Irland, EU (Twilio-Region ie1)");
    expect(page).toContain("Hosting der Anwendung: Hetzner Online GmbH");
  });

  it("refuses a provider name with a line break (it is shown on public pages)", () => {
    expect(() => parseConfig({ HOSTING_PROVIDER: "Host\nATTACH:x" })).toThrow(/HOSTING_PROVIDER/);
  });

  it("is the admin page's document and the audited Markdown download of the actor's organisation", async () => {
    const page = await getProcessingRecordDocument(w.actors.admin, "de");
    expect(page.ok && page.document.sections.map((s) => s.id)).toEqual(["controller", "purposes", "processors", "retention", "measures", "consent"]);
    const other = await exportProcessingRecordMarkdown(w.actors.otherAdmin, { ip: "198.51.100.4" }, "en", new Date("2027-01-15T10:00:00Z"));
    expect(other.ok && other.filename).toBe("record-of-processing-activities-2027-01-15.md");
    expect(other.ok && other.markdown).toContain("**Name:** Andere Stadt");
    expect(other.ok && other.markdown).not.toContain(w.org.name);
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "privacy.export_records"));
    expect(audit).toMatchObject({ organizationId: w.other.id, actorUserId: w.users.otherAdmin.id, ip: "198.51.100.4", outcome: "ok", details: { format: "markdown", locale: "en" } });
  });

  it("counts consents by state for the organisation", async () => {
    await t.db.update(s.volunteers).set({ consentVersion: CONSENT_VERSION }).where(eq(s.volunteers.id, w.volunteer.id));
    await insertVolunteer(t.db, { organizationId: w.org.id, consentVersion: "2025-03-v0" });
    await insertVolunteer(t.db, { organizationId: w.org.id, consentVersion: "2025-03-v0", consentDeclinedAt: new Date(), status: "paused" });
    await insertVolunteer(t.db, { organizationId: w.org.id, consentVersion: "2025-03-v0", status: "pending" }); // not counted
    await insertVolunteer(t.db, { organizationId: w.other.id, consentVersion: CONSENT_VERSION }); // another organisation
    const page = await getProcessingRecordDocument(w.actors.admin, "en");
    const consent = page.ok ? page.document.sections.find((s) => s.id === "consent")! : null;
    expect(consent?.blocks.map((b) => (b.kind === "paragraph" ? b.text : ""))).toContain(
      "Active and paused volunteers: 1 with the current version, 1 with an older version (asked again at their next sign-in), 1 declined the new version and are paused.",
    );
  });
});
