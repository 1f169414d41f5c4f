import { describe, expect, it } from "vitest";
import { reachableChannels } from "@/lib/volunteers/channels";
import { addDays, calendarDateIn, startOfDayIn } from "@/lib/time-zone";
import { normalizePhone } from "@/lib/volunteers/phone";
import { emptyFormValues, normalizeEmail, parseContact, parseVolunteerForm, readVolunteerForm, type VolunteerFormValues } from "@/lib/volunteers/schema";

const ACTIVITY = "3f1d2c4b-5a69-4b7c-8d9e-0f1a2b3c4d5e";
const valid: VolunteerFormValues = {
  ...emptyFormValues,
  firstName: "Anna",
  lastName: "Müller",
  email: "anna@example.net",
  contactPreference: "email",
  locale: "de",
  activities: [ACTIVITY],
  availability: ["1-morning"],
  consent: true,
};

/** `{ outcome: [inputs…] }` → `[input, outcome]` rows for it.each */
const rows = (table: Record<string, string[]>) => Object.entries(table).flatMap(([outcome, inputs]) => inputs.map((input) => [input, outcome]));

describe("German phone numbers are normalised to E.164", () => {
  // every spelling people use for the same number gives the same E.164 form
  it.each(
    rows({
      "+4915123456789": ["0151 2345 6789", "015123456789", "+49 151 23456789", "0049 151 23456789", "0049151/23456789", "+49 (0)151 23456789", "(0151) 234 567 89"],
      "+4917612345678": ["0176-12345678"],
      "+491601234567": ["0160 1234567"],
      "+4915201234567": ["+49 1520 1234567"],
      "+491711234567": ["  0171 1234567  "],
      "+436641234567": ["+43 664 1234567"],
      "+447911123456": ["+44 7911 123456"],
    }),
  )("accepts %s as %s", (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each(
    rows({
      phone_not_mobile: ["030 1234567", "+49 30 1234567", "089 12345678", "0800 1234567"],
      phone_invalid: ["12", "0151 23", "abc", "0151 2345 6789 <script>", "+49 151 2345678901234567890"],
    }),
  )("refuses %s (%s)", (input, error) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error });
  });
});

describe("e-mail addresses", () => {
  it.each([
    ["Anna.Mueller@Example.NET", "anna.mueller@example.net"],
    ["  max+helfer@web.de ", "max+helfer@web.de"],
    ["o'brien@t-online.de", "o'brien@t-online.de"],
    ["info@stadt-musterstadt.de", "info@stadt-musterstadt.de"],
  ])("normalises %s to %s", (input, email) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email });
  });

  it.each(["anna@", "@example.net", "anna example@web.de", "anna@web", "anna@@web.de", `${"a".repeat(250)}@web.de`])("refuses %s", (input) => {
    expect(normalizeEmail(input).ok).toBe(false);
  });
});

describe("the volunteer form", () => {
  it("accepts a complete registration and normalises it", () => {
    const r = parseVolunteerForm({ ...valid, firstName: "  Anna  Lena ", email: "ANNA@Example.net", phone: "0151 2345 6789", contactPreference: "both", languages: ["ar", "prs"] }, "register");
    expect(r).toMatchObject({ ok: true, data: { firstName: "Anna Lena", email: "anna@example.net", phone: "+4915123456789", languages: ["ar", "prs"], slots: [{ weekday: 1, partOfDay: "morning" }] } });
  });

  it.each([
    [{ firstName: "" }, "firstName", "required"],
    [{ firstName: "<script>alert(1)</script>" }, "firstName", "name_chars"],
    [{ lastName: "Müller<b>" }, "lastName", "name_chars"],
    [{ lastName: "Mül\u0007ler" }, "lastName", "control_chars"],
    [{ lastName: "a".repeat(81) }, "lastName", "too_long"],
    [{ email: "", phone: "" }, "email", "contact_required"],
    [{ email: "kein-at-zeichen" }, "email", "email_invalid"],
    [{ phone: "030 1234567", contactPreference: "both" }, "phone", "phone_not_mobile"],
    [{ contactPreference: "sms" }, "phone", "phone_required_for_sms"],
    [{ email: "", phone: "0151 2345 6789", contactPreference: "email" }, "email", "email_required_for_email"],
    [{ contactPreference: "" }, "contactPreference", "choose_one"],
    [{ locale: "fr" }, "locale", "choose_one"],
    [{ activities: [] }, "activities", "activity_required"],
    [{ activities: ["not-a-uuid"] }, "activities", "activity_unknown"],
    [{ languages: ["xx-evil"] }, "languages", "language_unknown"],
    [{ availability: [] }, "availability", "availability_required"],
    [{ availability: ["8-morning"] }, "availability", "availability_invalid"],
    [{ postalCode: "ABC" }, "postalCode", "postal_code_invalid"],
    [{ note: "x".repeat(1001) }, "note", "too_long"],
    [{ note: "Hallo\u0000" }, "note", "control_chars"],
    [{ consent: false }, "consent", "consent_required"],
  ] as [Partial<VolunteerFormValues>, keyof VolunteerFormValues, string][])("refuses %j with %s: %s", (patch, field, code) => {
    const r = parseVolunteerForm({ ...valid, ...patch }, "register");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(code);
  });

  it("accepts names of many scripts and forms", () => {
    for (const name of ["Al-Sayed", "O'Brien", "Yılmaz", "José María", "محمد", "Олена", "Dr. Weiß"]) {
      expect(parseVolunteerForm({ ...valid, lastName: name }, "register").ok).toBe(true);
    }
  });

  it("needs no consent box when a profile is saved, and flexible replaces the grid", () => {
    const r = parseVolunteerForm({ ...valid, consent: false, availability: [], flexible: true }, "profile");
    expect(r).toMatchObject({ ok: true, data: { flexible: true, slots: [] } });
  });

  it("reads any posted form without throwing", () => {
    const f = new FormData();
    f.append("firstName", new Blob(["x"]));
    f.append("activities", "a");
    f.append("activities", "b");
    f.append("consent", "on");
    const v = readVolunteerForm(f);
    expect(v).toMatchObject({ firstName: "", activities: ["a", "b"], consent: true, flexible: false });
  });

  it("tells e-mail from phone on the sign-in page", () => {
    expect(parseContact(" Anna@Example.net ")).toEqual({ ok: true, channel: "email", address: "anna@example.net" });
    expect(parseContact("0151 2345 6789")).toEqual({ ok: true, channel: "sms", address: "+4915123456789" });
    expect(parseContact("")).toEqual({ ok: false, error: "contact_required" });
    expect(parseContact("030 1234567")).toEqual({ ok: false, error: "phone_not_mobile" });
  });
});

describe("reachable channels", () => {
  const base = { email: "a@example.net", phone: "+4915123456789", emailConfirmedAt: null, phoneConfirmedAt: null, contactPreference: "both" as const };
  it("uses only confirmed channels", () => {
    expect(reachableChannels(base)).toEqual([]);
    expect(reachableChannels({ ...base, emailConfirmedAt: new Date() })).toEqual(["email"]);
    expect(reachableChannels({ ...base, emailConfirmedAt: new Date(), phoneConfirmedAt: new Date() })).toEqual(["email", "sms"]);
  });
  it("prefers the chosen channel and falls back to another confirmed one", () => {
    const both = { ...base, emailConfirmedAt: new Date(), phoneConfirmedAt: new Date() };
    expect(reachableChannels({ ...both, contactPreference: "sms" })).toEqual(["sms"]);
    expect(reachableChannels({ ...base, emailConfirmedAt: new Date(), contactPreference: "sms" })).toEqual(["email"]);
    expect(reachableChannels({ ...both, contactPreference: "sms", smsOptedOutAt: new Date() })).toEqual(["email"]);
  });
});

describe("calendar days in the organisation's time zone", () => {
  it("finds the start of a Berlin day in winter and summer", () => {
    expect(startOfDayIn("2026-12-24", "Europe/Berlin").toISOString()).toBe("2026-12-23T23:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "Europe/Berlin").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(startOfDayIn("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(calendarDateIn(new Date("2026-12-23T23:30:00Z"), "Europe/Berlin")).toBe("2026-12-24");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

describe("every error code has a text in both languages", () => {
  const fieldCodes = [
    "required", "too_long", "control_chars", "name_chars", "email_invalid", "contact_required", "contact_invalid", "phone_invalid",
    "phone_not_mobile", "phone_required_for_sms", "email_required_for_email", "choose_one", "activity_required", "activity_unknown",
    "language_unknown", "availability_invalid", "availability_required", "postal_code_invalid", "consent_required", "contact_taken",
  ];
  const pauseCodes = ["date_invalid", "date_past", "date_too_far", "not_active", "not_paused", "not_found"];
  // (the other languages: tests/unit/catalogues.test.ts keeps them key-complete)
  it.each(["de", "en"] as const)("%s", async (locale) => {
    const { shippedCatalogue } = await import("@/i18n/messages");
    const v = shippedCatalogue(locale, "volunteers") as unknown as { errors: Record<string, string>; profile: { pauseErrors: Record<string, string> } };
    expect(fieldCodes.filter((c) => !v.errors[c])).toEqual([]);
    expect(pauseCodes.filter((c) => !v.profile.pauseErrors[c])).toEqual([]);
  });
});
