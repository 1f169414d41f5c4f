"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/app/_edge/actions";
import { LOCALE_COOKIE, toLocale } from "@/i18n/config";

const schema = z.object({
  // an unknown value is German, never an error
  locale: z.unknown().transform(toLocale),
  // only paths on this site: no scheme, no "//host", printable ASCII only (a Location header
  // cannot carry anything else; browsers send non-ASCII paths percent-encoded anyway)
  next: z.string().max(2000).regex(/^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/).catch("/"),
});

/** The language picker's form (works before JavaScript loads): remembers the choice for a year (cookie) and returns to the page. */
export const switchLocale = publicAction(
  schema,
  async ({ locale, next }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86400, sameSite: "lax", httpOnly: false });
    redirect(next);
  },
  { onInvalid: () => redirect("/") },
);
