import { isAdminPath, isLocale, toAdminLocale, type Locale } from "./config";

/** Set by proxy.ts on every page request, so the locale rules can see which area is shown. */
export const PATHNAME_HEADER = "x-helferruf-pathname";

/**
 * Pages opened from a link in a message (response page, shift-plan page, confirmation, sign-in, unsubscribe):
 * they speak the recipient's message language unless this browser chose one.
 */
const MESSAGE_LINK = /^\/(r|s|confirm|manage|unsubscribe)\/([A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})(\/|$)/;

export function messageLinkOf(pathname: string): { kind: "r" | "s" | "confirm" | "manage" | "unsubscribe"; token: string } | null {
  const m = MESSAGE_LINK.exec(pathname);
  return m ? { kind: m[1] as "r", token: m[2] } : null;
}

/**
 * The one rule for the language of a page:
 * 1. the coordinator area (/admin, /platform, /dev) speaks German or English only — any other choice is German;
 * 2. the visitor's choice (language cookie), if it is a supported locale;
 * 3. on a page opened from a message link, the recipient's message language;
 * 4. German.
 * Unknown or tampered values anywhere fall back, never fail.
 */
export function resolveLocale(input: { pathname: string; cookie?: string | null; recipientLocale?: () => Promise<string | null> }): Promise<Locale> | Locale {
  if (isAdminPath(input.pathname)) return toAdminLocale(input.cookie);
  if (isLocale(input.cookie)) return input.cookie;
  if (input.recipientLocale && messageLinkOf(input.pathname)) {
    return input.recipientLocale().then((l) => (isLocale(l) ? l : "de"), () => "de" as const);
  }
  return "de";
}
