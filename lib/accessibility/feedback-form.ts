/** The feedback form's shapes, shared by the page (client) and the action; no server imports here. */
export type FeedbackField = "message" | "name" | "email" | "page";
export type FeedbackValues = Record<FeedbackField, string>;
export const emptyFeedback: FeedbackValues = { message: "", name: "", email: "", page: "" };

/** What the feedback form's action returns to the page (values keep what was typed). */
export type FeedbackFormState = {
  status: "idle" | "error";
  values: FeedbackValues;
  errors?: Partial<Record<FeedbackField, string>>;
  formError?: "rate_limited" | "no_contact";
  retryMinutes?: number;
};
