import type { FieldErrors, VolunteerFormValues } from "./schema";

/** What a volunteer form action returns to the page (a small DTO; values keep what was typed). */
export type VolunteerFormState =
  | { status: "idle"; values: VolunteerFormValues }
  | { status: "error"; values: VolunteerFormValues; errors: FieldErrors; formError?: "rate_limited"; retryMinutes?: number }
  | { status: "saved"; values: VolunteerFormValues; reconfirm: ("email" | "sms")[] };

export type ActivityOption = { id: string; name: string; description: string };
export type LanguageChoice = { code: string; name: string };
/** A message language: its own name (lang/dir of its script) and its name in the page language. */
export type MessageLanguageChoice = { code: string; name: string; dir: "ltr" | "rtl"; inPageLanguage: string | null };
