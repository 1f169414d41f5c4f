import { z } from "zod";
import { volunteerLocales, type Locale } from "@/i18n/config";
import { isLanguageCode } from "./languages";
import { normalizePhone } from "./phone";

/**
 * The volunteer form (registration and profile) as it arrives from a <form>: strings and arrays
 * of strings. parseVolunteerForm() returns normalised data or one error code per field; the codes
 * are translated by the page (messages/<locale>/volunteers.json "errors").
 */
export const PARTS_OF_DAY = ["morning", "afternoon", "evening"] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export type VolunteerFormValues = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  contactPreference: string;
  locale: string;
  activities: string[];
  languages: string[];
  availability: string[];
  flexible: boolean;
  drivingLicence: boolean;
  car: boolean;
  postalCode: string;
  note: string;
  consent: boolean;
  /** "at most N requests per week"; blank = no limit */
  maxRequestsPerWeek?: string;
};

export type VolunteerData = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  contactPreference: "sms" | "email" | "both";
  locale: Locale;
  activityIds: string[];
  languages: string[];
  slots: { weekday: number; partOfDay: PartOfDay }[];
  flexible: boolean;
  hasDrivingLicence: boolean;
  hasCar: boolean;
  postalCode: string | null;
  note: string | null;
  /** null = no limit */
  maxRequestsPerWeek: number | null;
};

export type FieldErrors = Partial<Record<keyof VolunteerFormValues, string>>;

export const emptyFormValues: VolunteerFormValues = {
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  contactPreference: "",
  locale: "de",
  activities: [],
  languages: [],
  availability: [],
  flexible: false,
  drivingLicence: false,
  car: false,
  postalCode: "",
  note: "",
  consent: false,
  maxRequestsPerWeek: "",
};

const str = (v: FormDataEntryValue | null | undefined, max = 5000) => (typeof v === "string" ? v.slice(0, max) : "");
const strs = (vs: FormDataEntryValue[], max = 200) => vs.filter((v): v is string => typeof v === "string").slice(0, max).map((v) => v.slice(0, 100));

/** Reads the form; never throws, whatever is posted. */
export function readVolunteerForm(form: FormData): VolunteerFormValues {
  return {
    firstName: str(form.get("firstName")),
    lastName: str(form.get("lastName")),
    email: str(form.get("email")),
    phone: str(form.get("phone")),
    contactPreference: str(form.get("contactPreference"), 20),
    locale: str(form.get("locale"), 10),
    activities: strs(form.getAll("activities")),
    languages: strs(form.getAll("languages"), 400),
    availability: strs(form.getAll("availability")),
    flexible: form.get("flexible") === "on",
    drivingLicence: form.get("drivingLicence") === "on",
    car: form.get("car") === "on",
    postalCode: str(form.get("postalCode"), 100),
    note: str(form.get("note")),
    consent: form.get("consent") === "on",
    maxRequestsPerWeek: str(form.get("maxRequestsPerWeek"), 10),
  };
}

// Control characters (C0 except tab/newline, DEL, C1) and invisible direction overrides.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// Letters of any script, combining marks, spaces, apostrophes, hyphens and dots: "Al-Sayed",
// "O'Brien", "Yılmaz", "محمد". No digits, no < > & " or other markup characters.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.\-]*$/u;

export const nameSchema = z
  .string()
  .transform((s) => s.normalize("NFC").trim().replace(/\s+/g, " "))
  .superRefine((s, ctx) => {
    if (s.length === 0) ctx.addIssue({ code: "custom", message: "required" });
    else if (s.length > 80) ctx.addIssue({ code: "custom", message: "too_long" });
    else if (CONTROL.test(s)) ctx.addIssue({ code: "custom", message: "control_chars" });
    else if (!NAME.test(s)) ctx.addIssue({ code: "custom", message: "name_chars" });
  });

export const emailSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().max(254, "too_long").pipe(z.email("email_invalid")));

export const uuidList = z.array(z.uuid()).max(100);

function firstMessage(r: { success: false; error: z.ZodError }): string {
  return r.error.issues[0]?.message ?? "invalid";
}

/** Normalises an e-mail address or returns an error code. Empty input → null. */
export function normalizeEmail(input: string): { ok: true; email: string } | { ok: false; error: string } {
  const r = emailSchema.safeParse(input);
  return r.success ? { ok: true, email: r.data } : { ok: false, error: firstMessage(r) };
}

export function parseVolunteerForm(
  v: VolunteerFormValues,
  mode: "register" | "profile",
): { ok: true; data: VolunteerData } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const first = nameSchema.safeParse(v.firstName);
  if (!first.success) errors.firstName = firstMessage(first);
  const last = nameSchema.safeParse(v.lastName);
  if (!last.success) errors.lastName = firstMessage(last);

  let email: string | null = null;
  if (v.email.trim() !== "") {
    if (CONTROL.test(v.email)) errors.email = "email_invalid";
    else {
      const r = normalizeEmail(v.email);
      if (r.ok) email = r.email;
      else errors.email = r.error;
    }
  }
  let phone: string | null = null;
  if (v.phone.trim() !== "") {
    const r = normalizePhone(v.phone);
    if (r.ok) phone = r.e164;
    else errors.phone = r.error;
  }
  if (v.email.trim() === "" && v.phone.trim() === "") errors.email = "contact_required";

  const pref = z.enum(["sms", "email", "both"]).safeParse(v.contactPreference);
  if (!pref.success) errors.contactPreference = "choose_one";
  else if (!errors.email && !errors.phone) {
    if ((pref.data === "sms" || pref.data === "both") && !phone) errors.phone = "phone_required_for_sms";
    if ((pref.data === "email" || pref.data === "both") && !email && !errors.email) errors.email = "email_required_for_email";
  }
  const locale = z.enum(volunteerLocales).safeParse(v.locale);
  if (!locale.success) errors.locale = "choose_one";

  const activityIds = uuidList.safeParse([...new Set(v.activities)]);
  if (!activityIds.success) errors.activities = "activity_unknown";
  else if (activityIds.data.length === 0) errors.activities = "activity_required";

  const languages = [...new Set(v.languages)];
  if (languages.length > 60 || languages.some((l) => !isLanguageCode(l))) errors.languages = "language_unknown";

  const slots: { weekday: number; partOfDay: PartOfDay }[] = [];
  for (const slot of new Set(v.availability)) {
    const m = /^([1-7])-(morning|afternoon|evening)$/.exec(slot);
    if (!m) {
      errors.availability = "availability_invalid";
      break;
    }
    slots.push({ weekday: Number(m[1]), partOfDay: m[2] as PartOfDay });
  }
  if (!errors.availability && !v.flexible && slots.length === 0) errors.availability = "availability_required";

  let postalCode: string | null = null;
  const pc = v.postalCode.trim();
  if (pc !== "") {
    if (/^\d{4,5}$/.test(pc)) postalCode = pc;
    else errors.postalCode = "postal_code_invalid";
  }
  let note: string | null = null;
  const n = v.note.replace(/\r\n/g, "\n").trim();
  if (n !== "") {
    if (n.length > 1000) errors.note = "too_long";
    else if (CONTROL.test(n)) errors.note = "control_chars";
    else note = n;
  }
  let maxRequestsPerWeek: number | null = null;
  const mx = (v.maxRequestsPerWeek ?? "").trim();
  if (mx !== "") {
    if (/^\d{1,2}$/.test(mx) && Number(mx) >= 1 && Number(mx) <= 50) maxRequestsPerWeek = Number(mx);
    else errors.maxRequestsPerWeek = "max_per_week_invalid";
  }
  if (mode === "register" && !v.consent) errors.consent = "consent_required";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      firstName: first.data!,
      lastName: last.data!,
      email,
      phone,
      contactPreference: pref.data!,
      locale: locale.data!,
      activityIds: activityIds.data!,
      languages,
      slots: v.flexible ? [] : slots,
      flexible: v.flexible,
      hasDrivingLicence: v.drivingLicence,
      hasCar: v.car,
      postalCode,
      note,
      maxRequestsPerWeek,
    },
  };
}

/** "E-mail or phone" as typed on the sign-in page: which channel and the normalised address. */
export function parseContact(input: string): { ok: true; channel: "email" | "sms"; address: string } | { ok: false; error: string } {
  const s = input.trim();
  if (s === "") return { ok: false, error: "contact_required" };
  if (s.length > 254 || CONTROL.test(s)) return { ok: false, error: "contact_invalid" };
  if (s.includes("@")) {
    const r = normalizeEmail(s);
    return r.ok ? { ok: true, channel: "email", address: r.email } : { ok: false, error: "email_invalid" };
  }
  const p = normalizePhone(s);
  return p.ok ? { ok: true, channel: "sms", address: p.e164 } : { ok: false, error: p.error };
}
