/** The events a coordinator can be told about (client-safe: the preferences form imports it). */
export const NOTICE_EVENTS = ["withdrawn", "filled", "short", "changed", "cancelled"] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];
export type NoticeScope = "mine" | "organization";
export type NoticePreferencesField = NoticeEvent | "scope" | "byEmail" | "bySms" | "phone" | "locale";
/** The form's values (as text). */
export type NoticePreferencesFormValues = Record<NoticePreferencesField, string>;
