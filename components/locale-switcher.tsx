"use client";

import { usePathname } from "next/navigation";
import type { Locale } from "@/i18n/config";

/**
 * A real form (works before JavaScript loads): usePathname is rendered on the server too, so the
 * hidden field already holds the page to return to. `action` (the language switch server action)
 * is passed in by the layout.
 */
export function LocaleSwitcher({ current, label, switchTo, action }: { current: Locale; label: string; switchTo: string; action: (fd: FormData) => void | Promise<void> }) {
  const pathname = usePathname();
  const next = pathname || "/";
  const target = current === "de" ? "en" : "de";
  return (
    <form action={action}>
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
