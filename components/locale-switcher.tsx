"use client";

import { usePathname } from "next/navigation";
import { switchLocale } from "@/app/actions/locale";

/**
 * A real form (works before JavaScript loads): usePathname is rendered on the server too, so the
 * hidden field already holds the page to return to.
 */
export function LocaleSwitcher({ current, label, switchTo }: { current: "de" | "en"; label: string; switchTo: string }) {
  const pathname = usePathname();
  const next = pathname || "/";
  const target = current === "de" ? "en" : "de";
  return (
    <form action={switchLocale}>
      <input type="hidden" name="locale" value={target} />
      <input type="hidden" name="next" value={next} />
      <button
        type="submit"
        lang={target}
        aria-label={`${label}: ${switchTo}`}
        className="min-h-11 rounded-lg px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50"
      >
        {target.toUpperCase()}
      </button>
    </form>
  );
}
