"use server";

import { adminAction } from "@/app/_edge/actions";
import { confirmAttendance } from "@/lib/attendance";
import { formValues } from "@/lib/http/action-state";

/** Confirm or correct who came to a request and their hours (audited; refusals audited by the wrapper). */
export const confirmAttendanceAction = adminAction(formValues, (actor, v, ctx) => confirmAttendance(actor, v, ctx), {
  action: "attendance.confirm",
  revalidate: (v) => `/admin/requests/${v.requestId ?? ""}`,
});
