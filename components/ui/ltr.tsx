import type { ReactNode } from "react";

/**
 * Text that must stay left-to-right inside right-to-left pages: phone numbers, e-mail addresses,
 * URLs, codes. <bdi> isolates it, so neighbouring punctuation and digits do not jump around.
 */
export function Ltr({ children }: { children: ReactNode }) {
  return <bdi dir="ltr">{children}</bdi>;
}
