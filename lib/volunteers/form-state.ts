import type { ActionState } from "@/lib/http/action-state";
import type { VolunteerFormValues } from "./schema";

/**
 * What a volunteer form action returns to the page (the edge's ActionState: values keep what was
 * typed; after saving a profile, `reconfirm` names the channels to confirm again).
 */
export type VolunteerFormState = ActionState<VolunteerFormValues, { reconfirm: ("email" | "sms")[] }>;

export type ActivityOption = { id: string; name: string; description: string };
export type LanguageChoice = { code: string; name: string };
/** A message language: its own name (lang/dir of its script) and its name in the page language. */
export type MessageLanguageChoice = { code: string; name: string; dir: "ltr" | "rtl"; inPageLanguage: string | null };
