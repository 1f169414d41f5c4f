import type { PartOfDay } from "./schema";

const PARTS: readonly PartOfDay[] = ["morning", "afternoon", "evening"];

/**
 * volunteers.availability_mask: one bit per weekday (ISO 1–7) and part of day, bit
 * (weekday − 1) × 3 + (morning 0, afternoon 1, evening 2). The database keeps it in step with
 * volunteer_availability (trigger volunteer_availability_mask, migration 0012, same formula).
 */
export function availabilityBit(weekday: number, partOfDay: PartOfDay): number {
  return 1 << ((weekday - 1) * 3 + PARTS.indexOf(partOfDay));
}

export function availabilityMaskOf(slots: { weekday: number; partOfDay: PartOfDay }[]): number {
  return slots.reduce((m, sl) => m | availabilityBit(sl.weekday, sl.partOfDay), 0);
}
