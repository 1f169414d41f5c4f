"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { LOCALE_COOKIE } from "@/i18n/config";

const schema = z.object({
  locale: z.enum(["de", "en"]),
  // only paths on this site: no scheme, no "//host", printable ASCII only (a Location header
  // cannot carry anything else; browsers send non-ASCII paths percent-encoded anyway)
  next: z.string().max(2000).regex(/^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/).catch("/"),
});

export async function switchLocale(formData: FormData) {
  const parsed = schema.safeParse({ locale: formData.get("locale"), next: formData.get("next") ?? "/" });
  if (!parsed.success) redirect("/");
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { path: "/", maxAge: 365 * 86400, sameSite: "lax", httpOnly: false });
  redirect(parsed.data.next);
}
