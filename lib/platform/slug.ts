import { z } from "zod";

/**
 * Slugs that can never name an organisation: the app's own top-level route segments (an
 * organisation's public pages live at /o/<slug>, but a slug must also never be mistaken for a
 * page of the installation, e.g. in a short link) and names kept for later. Every top-level
 * folder under app/ must be listed here (tests/unit/platform-slug.test.ts reads the folder).
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // routes of the installation
  "admin", "api", "r", "s", "o", "platform", "dev", "busy", "calendar-feed", "actions", "logo", "_next", "_edge",
  // public pages (app/(public)/…)
  "accessibility", "confirm", "gebaerdensprache", "imprint", "leichte-sprache", "manage", "privacy", "profile", "register", "unsubscribe",
  // files and names a host or a later page may need
  "favicon.ico", "icon.svg", "robots.txt", "sitemap.xml", "static", "public", "assets", "login", "logout", "sign-in", "health", "www", "mail", "help",
]);

export const SLUG_MAX = 40;

/**
 * A slug: 2–40 characters, lower-case letters, digits and single hyphens between them
 * (URL-safe without escaping: `caritas-musterstadt`). Error codes are admin.errors.* keys.
 */
export const slugSchema = z
  .string()
  .trim()
  .min(2, "slug_invalid")
  .max(SLUG_MAX, "slug_invalid")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug_invalid")
  .refine((v) => !RESERVED_SLUGS.has(v), "slug_reserved");
