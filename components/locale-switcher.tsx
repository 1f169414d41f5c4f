"use client";

import { usePathname } from "next/navigation";
import type { Locale } from "@/i18n/config";

/**
 * A real form (works before JavaScript loads): usePathname is rendered on the server too, so the
 * hidden field already holds the page to return to. The accessible name starts with the visible
 * text ("EN – Switch to English", WCAG 2.5.3), so speech-input users can say what they see.
 * `action` (the language switch server action) is passed in by the layout.
 */
export function LocaleSwitcher({ current, switchTo, action }: { current: Locale; switchTo: string; action: (fd: FormData) => void | Promise<void> }) {
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
        className="min-h-11 rounded-lg border border-transparent px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50"
      >
        {target.toUpperCase()}
        <span className="sr-only"> – {switchTo}</span>
      </button>
    </form>
  );
}
