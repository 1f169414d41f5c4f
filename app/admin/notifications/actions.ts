"use server";

import { adminAction } from "@/app/_edge/actions";
import { formValues } from "@/lib/http/action-state";
import { saveNoticePreferences } from "@/lib/members/notice-preferences";

/** A coordinator saves their own notification preferences (any member; only their own row). */
export const saveNoticePreferencesAction = adminAction(formValues, saveNoticePreferences, {
  action: "coordinator.notice_preferences",
  revalidate: "/admin/notifications",
  keepOnSuccess: true,
});
