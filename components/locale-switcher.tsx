import { CurrentPathField } from "./current-path-field";
import { localeDirection, localeNames, type Locale } from "@/i18n/config";

/**
 * The language picker: a disclosure (<details>, no JavaScript needed) with one submit button per
 * language, each in its own name and script. A real form, so it works before JavaScript loads. A
 * server component: only the hidden "return to" field (CurrentPathField, usePathname, rendered on
 * the server too) is a client component, so the switch's markup ships no JavaScript. The accessible name of the toggle contains its visible text (WCAG 2.5.3).
 * `action` (the language switch server action) is passed in by the layout.
 */
export function LocaleSwitcher({ current, choices, label, action }: { current: Locale; choices: readonly Locale[]; label: string; action: (fd: FormData) => void | Promise<void> }) {
  return (
    <details className="group relative">
      <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 rounded-lg border border-transparent px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.8">
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
        </svg>
        <span className="sr-only">{label}: </span>
        <span lang={current}>{localeNames[current]}</span>
        <span aria-hidden="true" className="text-xs group-open:rotate-180">▾</span>
      </summary>
      <form action={action} className="absolute end-0 z-30 mt-1 w-56 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-300 bg-white p-1 shadow-lg">
        <CurrentPathField name="next" />
        <ul>
          {choices.map((l) => (
            <li key={l}>
              <button
                type="submit"
                name="locale"
                value={l}
                lang={l}
                dir={localeDirection(l)}
                aria-current={l === current ? "true" : undefined}
                className="flex min-h-11 w-full items-center justify-between gap-2 rounded-md border border-transparent px-3 text-start text-base text-slate-900 hover:bg-brand-50 aria-[current=true]:font-bold"
              >
                {localeNames[l]}
                {l === current ? <span aria-hidden="true">✓</span> : null}
              </button>
            </li>
          ))}
        </ul>
      </form>
    </details>
  );
}
