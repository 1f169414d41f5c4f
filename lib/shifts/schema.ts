import { z } from "zod";
import { MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "@/lib/requests/limits";
import type { FieldErrors } from "@/lib/result";
import { isCalendarDate, zonedLocalToUtc } from "@/lib/time-zone";
import { DEFAULT_SLOT_ROWS, MAX_SLOTS } from "./limits";

/**
 * The shift-plan form: what the plan shares (title, day, place, details) and its slots (start–end
 * on that day, activity, number needed). Field error codes are snake_case (translated under
 * shifts.admin.errors); a slot's fields are named `slot.<row>.<field>` after the form row, so an
 * error lands next to the row it belongs to. Rows left entirely empty are ignored (the form
 * always offers a few).
 */

export type SlotRaw = { start?: string; end?: string; activityId?: string; helpersNeeded?: string };
export type ShiftPlanRaw = { title?: string; day?: string; place?: string; details?: string; slots?: SlotRaw[]; submissionKey?: string };
export type ShiftSlotInput = { row: number; start: string; end: string; startsAt: Date; endsAt: Date; activityId: string; helpersNeeded: number };
export type ShiftPlanInput = { title: string; day: string; place: string; details: string; slots: ShiftSlotInput[]; submissionKey: string | null };
export type ParsedShiftPlan = { ok: true; data: ShiftPlanInput } | { ok: false; fieldErrors: FieldErrors };

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const planFields = z.object({
  title: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(MAX_TITLE_LENGTH, { error: "too_long" }),
  day: z.string({ error: "required" }).trim().min(1, { error: "required" }).refine(isCalendarDate, { error: "invalid_date" }),
  place: z.string().trim().max(MAX_PLACE_LENGTH, { error: "too_long" }).default(""),
  details: z.string().trim().max(MAX_DETAILS_LENGTH, { error: "too_long" }).default(""),
});

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
export const isBlankSlot = (s: SlotRaw) => !str(s.start) && !str(s.end) && !str(s.activityId);

export function slotField(row: number, field: keyof SlotRaw): string {
  return `slot.${row}.${field}`;
}

/** Validates the form; times are wall-clock times of the plan's day in the organisation's zone. */
export function parseShiftPlan(raw: unknown, opts: { timeZone: string; now?: Date }): ParsedShiftPlan {
  const now = opts.now ?? new Date();
  const o = (raw && typeof raw === "object" ? raw : {}) as ShiftPlanRaw;
  const fieldErrors: FieldErrors = {};
  const plan = planFields.safeParse(o);
  if (!plan.success) for (const issue of plan.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
  const day = plan.success ? plan.data.day : null;

  const rows = Array.isArray(o.slots) ? o.slots.slice(0, MAX_SLOTS + 1) : [];
  const filled = rows.map((s, row) => ({ s: s ?? {}, row })).filter(({ s }) => !isBlankSlot(s));
  if (filled.length === 0) fieldErrors.slots = "no_slots";
  if (filled.length > MAX_SLOTS || (Array.isArray(o.slots) && o.slots.length > MAX_SLOTS + 1)) fieldErrors.slots = "too_many_slots";

  const slots: ShiftSlotInput[] = [];
  for (const { s, row } of filled) {
    const err = (f: keyof SlotRaw, code: string) => (fieldErrors[slotField(row, f)] ??= code);
    const start = str(s.start);
    const end = str(s.end);
    const activityId = str(s.activityId);
    const helpersRaw = str(s.helpersNeeded);
    if (!start) err("start", "required");
    else if (!TIME_RE.test(start)) err("start", "invalid_time");
    if (!end) err("end", "required");
    else if (!TIME_RE.test(end)) err("end", "invalid_time");
    if (!activityId) err("activityId", "required");
    else if (!UUID_RE.test(activityId)) err("activityId", "activity_unknown");
    const helpers = Number(helpersRaw);
    if (!helpersRaw || !Number.isInteger(helpers) || helpers < 1 || helpers > MAX_HELPERS) err("helpersNeeded", "helpers_range");
    if (!day || !TIME_RE.test(start) || !TIME_RE.test(end)) continue;
    const startsAt = zonedLocalToUtc(`${day}T${start}`, opts.timeZone);
    const endsAt = zonedLocalToUtc(`${day}T${end}`, opts.timeZone);
    if (!startsAt || !endsAt) {
      err("start", "invalid_time");
      continue;
    }
    if (endsAt.getTime() <= startsAt.getTime()) err("end", "end_before_start");
    else if (startsAt.getTime() < now.getTime()) err("start", "start_in_past");
    slots.push({ row, start, end, startsAt, endsAt, activityId, helpersNeeded: helpers });
  }
  if (Object.keys(fieldErrors).length > 0 || !plan.success) return { ok: false, fieldErrors };
  const key = str(o.submissionKey);
  return { ok: true, data: { ...plan.data, slots, submissionKey: /^[A-Za-z0-9-]{16,64}$/.test(key) ? key : null } };
}

/** How many slot rows the form posted (bounded), read from its `slotCount` field. */
export function slotRowsOf(fd: FormData): number {
  const n = Number(fd.get("slotCount"));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_SLOTS) : DEFAULT_SLOT_ROWS;
}

/** FormData → the raw plan (the slot rows as the form numbered them). */
export function shiftPlanRawFromFormData(fd: FormData): ShiftPlanRaw {
  const get = (k: string) => {
    const v = fd.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const slots: SlotRaw[] = Array.from({ length: slotRowsOf(fd) }, (_, i) => ({
    start: get(slotField(i, "start")),
    end: get(slotField(i, "end")),
    activityId: get(slotField(i, "activityId")),
    helpersNeeded: get(slotField(i, "helpersNeeded")),
  }));
  return { title: get("title"), day: get("day"), place: get("place"), details: get("details"), slots, submissionKey: get("submissionKey") };
}

/**
 * The form's intent: "create", "add" (one more empty row) or "remove:<row>" — the last two only
 * re-render the form (they work without JavaScript: plain submit buttons).
 */
export type FormIntent = { kind: "create" } | { kind: "add" } | { kind: "remove"; row: number };
export function intentOf(fd: FormData): FormIntent {
  const v = fd.get("intent");
  if (v === "add") return { kind: "add" };
  if (typeof v === "string" && /^remove:\d{1,2}$/.test(v)) return { kind: "remove", row: Number(v.slice(7)) };
  return { kind: "create" };
}
