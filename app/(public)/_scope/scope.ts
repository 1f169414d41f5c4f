import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { resolvePublicScope, type PublicScope } from "@/lib/organizations/public";

/**
 * The props every shared public page gets: at its short URL (`/privacy`) no slug, under
 * `/o/<slug>/privacy` (a file that re-exports the same page) the organisation's slug.
 */
export type PublicPageProps = { params?: Promise<{ slug?: string }> };

/** The page's organisation and link prefix (lib/organizations/public.ts); an unknown slug answers the translated 404. */
export async function pageScope(params: PublicPageProps["params"]): Promise<PublicScope> {
  const slug = (await params)?.slug;
  const scope = await resolvePublicScope(await getDb(), slug === undefined ? undefined : decodeURIComponent(slug));
  if (!scope) notFound();
  return scope;
}
