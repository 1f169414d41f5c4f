"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { LOCALE_COOKIE, toLocale } from "@/i18n/config";

const schema = z.object({
  // an unknown value is German, never an error
  locale: z.unknown().transform(toLocale),
  // only paths on this site: no scheme, no "//host"
  next: z.string().max(2000).regex(/^\/(?!\/)[^\s\\]*$/).catch("/"),
});

/** The language picker's form: remembers the choice for a year (cookie) and returns to the page. */
export async function switchLocale(formData: FormData) {
  const parsed = schema.safeParse({ locale: formData.get("locale"), next: formData.get("next") ?? "/" });
  if (!parsed.success) redirect("/");
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { path: "/", maxAge: 365 * 86400, sameSite: "lax", httpOnly: false });
  redirect(parsed.data.next);
}
