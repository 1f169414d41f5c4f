"use server";

import { revalidatePath } from "next/cache";
import { actionContext, formValues, toState, type ActionState } from "@/lib/admin/action";
import { confirmAttendance } from "@/lib/attendance";

export type AttendanceState = ActionState & { confirmed?: number; corrected?: number };

/** Confirm or correct who came to a request and their hours (the domain function authorises and audits). */
export async function confirmAttendanceAction(_prev: AttendanceState, fd: FormData): Promise<AttendanceState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await confirmAttendance(actor, values, ctx);
  if (result.ok) revalidatePath(`/admin/requests/${values.requestId ?? ""}`);
  return { ...toState(result, values), ...(result.ok ? { confirmed: result.confirmed, corrected: result.corrected } : {}) };
}
