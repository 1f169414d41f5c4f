/** Limits of a shift plan; pure constants (client components read them too). */
export const MAX_SLOTS = 20;
/** empty slot rows a new form starts with (without JavaScript, "add slot" re-renders with one more) */
export const DEFAULT_SLOT_ROWS = 3;
