/**
 * The no-overlap rule of shift plans: one person is never in two slots at the same time. Two
 * time ranges overlap when each starts before the other ends; a slot that ends at 12:00 and one
 * that starts at 12:00 do not overlap (back-to-back shifts are fine).
 */
export type TimeRange = { startsAt: Date; endsAt: Date };

export function rangesOverlap(a: TimeRange, b: TimeRange): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** The first of `taken` that `candidate` overlaps, or null. */
export function firstOverlap<T extends TimeRange>(candidate: TimeRange, taken: readonly T[]): T | null {
  return taken.find((t) => rangesOverlap(candidate, t)) ?? null;
}
