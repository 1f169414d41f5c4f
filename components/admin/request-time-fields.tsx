"use client";

import { useEffect, useRef } from "react";
import { Field, TextInput } from "@/components/ui/field";

/** "YYYY-MM-DDTHH:mm" (a datetime-local value) ↔ minutes on a zone-less wall clock. */
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
function wallMinutes(value: string): number | null {
  const m = LOCAL_RE.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(ms) ? null : ms / 60_000;
}
function wallValue(minutes: number): string {
  return new Date(minutes * 60_000).toISOString().slice(0, 16);
}

/**
 * The end a start moved to keeps: the duration the form had (end − previous start) when it was
 * a positive one, else the organisation's default. Wall-clock arithmetic, like the coordinator
 * reads the fields (a change across a DST switch keeps the shown hours).
 */
export function followingEnd(previousStart: string, currentEnd: string, newStart: string, defaultMinutes: number): string | null {
  const next = wallMinutes(newStart);
  if (next === null) return null;
  const before = wallMinutes(previousStart);
  const end = wallMinutes(currentEnd);
  const duration = before !== null && end !== null && end > before ? end - before : defaultMinutes;
  return wallValue(next + duration);
}

/**
 * Start and end of a request (datetime-local, wall-clock times in the organisation's zone). With
 * JavaScript the end follows the start, keeping the duration (so moving the day moves the end
 * too); the coordinator can still set any end. Side by side only where both fit whole.
 */
export function RequestTimeFields({
  labels,
  defaults,
  errors,
  durationMinutes,
}: {
  labels: { startsAt: string; endsAt: string; hint: string };
  defaults: { startsAt: string; endsAt: string };
  errors: { startsAt?: string; endsAt?: string };
  durationMinutes: number;
}) {
  const startRef = useRef<HTMLInputElement>(null);
  const endRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const start = startRef.current;
    const end = endRef.current;
    if (!start || !end) return;
    let previous = start.value;
    const follow = () => {
      if (start.value === previous) return;
      const next = followingEnd(previous, end.value, start.value, durationMinutes);
      if (start.value) previous = start.value;
      if (next && next !== end.value) {
        end.value = next;
        // the preview listens to input events of the form
        end.dispatchEvent(new Event("input", { bubbles: true }));
      }
    };
    start.addEventListener("input", follow);
    start.addEventListener("change", follow);
    return () => {
      start.removeEventListener("input", follow);
      start.removeEventListener("change", follow);
    };
  }, [durationMinutes]);
  return (
    // 17rem: a datetime-local field shows "12.02.2026, 09:00" and its picker button whole
    <div className="grid gap-4 [grid-template-columns:repeat(auto-fit,minmax(min(100%,17rem),1fr))]">
      <Field id="startsAt" label={labels.startsAt} hint={labels.hint} error={errors.startsAt}>
        {(p) => <TextInput {...p} ref={startRef} type="datetime-local" name="startsAt" defaultValue={defaults.startsAt} required />}
      </Field>
      <Field id="endsAt" label={labels.endsAt} error={errors.endsAt}>
        {(p) => <TextInput {...p} ref={endRef} type="datetime-local" name="endsAt" defaultValue={defaults.endsAt} required />}
      </Field>
    </div>
  );
}
