"use client";

import { usePathname } from "next/navigation";

/**
 * The language switch's "return to this page" field: the one part of the switch that must follow
 * client-side navigation (the layout around it is not rendered again). Rendered on the server too,
 * so the plain form works before JavaScript loads.
 */
export function CurrentPathField({ name }: { name: string }) {
  return <input type="hidden" name={name} value={usePathname() || "/"} />;
}
