import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { cached } from "@/lib/cache/process-cache";
import { getPublicOrganization } from "./index";

/**
 * Which organisation a public page belongs to (issue 16). Every public page exists twice with
 * the same component: at its short URL (`/register`, `/privacy`, …) for the installation's public
 * organisation (lib/organizations/index.ts — the only one on a single-organisation install, so its
 * URLs never change), and under `/o/<slug>/…` for any organisation. `base` is the prefix the page
 * puts in front of its links to other public pages, so a visitor stays with the organisation they
 * came for.
 *
 * A suspended organisation (organizations.suspended_at, lib/platform/organizations.ts) keeps its
 * pages: its volunteers still need the privacy notice, the imprint and /manage to see, change or
 * erase their data. Its registration is closed (lib/volunteers/register.ts) and it leaves the list
 * on `/` (listListedOrganizations).
 */
export type PublicScope = { org: s.Organization; base: string; slug: string | null };

/** URL-safe slugs only (the platform-admin work validates them on creation; here a lookup guard). */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isWellFormedSlug(slug: unknown): slug is string {
  return typeof slug === "string" && SLUG.test(slug);
}

/** The organisation with that slug, or null (unknown or malformed). Cached like the public organisation. */
export async function findOrganizationBySlug(db: DbOrTx, slug: unknown): Promise<s.Organization | null> {
  if (!isWellFormedSlug(slug)) return null;
  return cached(`public:org:${slug}`, async () => {
    const [row] = await db.select().from(s.organizations).where(eq(s.organizations.slug, slug));
    return row ?? null;
  });
}

/** The prefix of an organisation's public pages: "" for the public organisation, `/o/<slug>` for the others. */
export async function publicBaseOf(db: DbOrTx, org: Pick<s.Organization, "id" | "slug">): Promise<string> {
  const publicOrg = await getPublicOrganization(db);
  return publicOrg.id === org.id ? "" : `/o/${org.slug}`;
}

/**
 * The scope of a public page: without a slug the public organisation at the short URLs; with one,
 * that organisation under `/o/<slug>` (its links too; the public organisation's stay at the short
 * URLs, one address per page) — or null for an unknown slug (the page answers 404).
 */
export async function resolvePublicScope(db: DbOrTx, slug?: string | null): Promise<PublicScope | null> {
  if (slug === undefined || slug === null) return { org: await getPublicOrganization(db), base: "", slug: null };
  const org = await findOrganizationBySlug(db, slug);
  // the public organisation's pages link to their short URLs even when opened as /o/<its slug>
  return org ? { org, base: await publicBaseOf(db, org), slug: org.slug } : null;
}

/** A form's hidden `organization` field: the public organisation when empty, null when it names none. */
export async function organizationOfForm(db: DbOrTx, slug: unknown): Promise<s.Organization | null> {
  if (slug === undefined || slug === null || slug === "") return getPublicOrganization(db);
  return findOrganizationBySlug(db, slug);
}

export type ListedOrganization = { id: string; slug: string; name: string; logoFile: string | null };

/** The organisations that opted in to the list on `/` (organizations.listed) and are not suspended, by name. */
export function listListedOrganizations(db: DbOrTx): Promise<ListedOrganization[]> {
  return cached("public:listed", () =>
    db
      .select({ id: s.organizations.id, slug: s.organizations.slug, name: s.organizations.name, logoFile: s.organizations.logoFile })
      .from(s.organizations)
      .where(and(eq(s.organizations.listed, true), isNull(s.organizations.suspendedAt)))
      .orderBy(asc(s.organizations.name), asc(s.organizations.slug)),
  );
}

/**
 * What `/` shows: the list when at least two organisations are listed; otherwise the public
 * organisation's landing page exactly as on a single-organisation install (one organisation, or
 * none or one listed — a lone listed organisation needs no list).
 */
export async function landingOf(db: DbOrTx): Promise<{ kind: "list"; organizations: ListedOrganization[] } | { kind: "single" }> {
  const listed = await listListedOrganizations(db);
  return listed.length >= 2 ? { kind: "list", organizations: listed } : { kind: "single" };
}

/** The public-page prefix of the organisation with that id ("" for the public organisation or an unknown id). */
export async function publicBaseOfId(db: DbOrTx, organizationId: string): Promise<string> {
  const [org] = await db.select({ id: s.organizations.id, slug: s.organizations.slug }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return org ? publicBaseOf(db, org) : "";
}

/** The `/o/<slug>` prefix a path starts with, or null (the footer's legal links follow the page's organisation). */
export function basePathOf(pathname: string): string | null {
  const m = /^\/o\/([^/?#]+)/.exec(pathname);
  return m && isWellFormedSlug(m[1]) ? `/o/${m[1]}` : null;
}
