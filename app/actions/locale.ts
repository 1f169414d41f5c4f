"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/app/_edge/actions";
import { LOCALE_COOKIE, locales } from "@/i18n/config";

const schema = z.object({
  locale: z.enum(locales),
  // only paths on this site: no scheme, no "//host"
  next: z.string().max(2000).regex(/^\/(?!\/)[^\s\\]*$/).catch("/"),
});

/** The language switch (a plain form in the header; works before JavaScript loads). */
export const switchLocale = publicAction(
  schema,
  async ({ locale, next }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86400, sameSite: "lax", httpOnly: false });
    redirect(next);
  },
  { onInvalid: () => redirect("/") },
);
