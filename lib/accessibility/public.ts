import "server-only";
import { getDb } from "@/db";
import type { Organization } from "@/db/schema";
import { getPublicOrganization } from "@/lib/organizations";
import { FEDERAL_ENFORCEMENT_URL, isHttpsUrl, parseBarriers, type AssessmentMethod, type Barrier, type ConformanceStatus } from "./settings";

/** What the accessibility statement, the Leichte Sprache page and the DGS page show (a small DTO). */
export type PublicAccessibility = {
  organization: string;
  address: string | null;
  conformance: ConformanceStatus;
  barriers: Barrier[];
  preparedOn: string | null;
  reviewedOn: string | null;
  method: AssessmentMethod;
  methodDetails: string | null;
  email: string | null;
  phone: string | null;
  /** name null = the federal Schlichtungsstelle nach § 16 BGG (the page names it in the reader's language) */
  enforcement: { name: string | null; url: string | null };
  signLanguage: { videoUrl: string | null; downloadUrl: string | null; kind: "file" | "embed" | null };
};

const VIDEO_FILE = /\.(mp4|m4v|webm|ogv|ogg|mov)$/i;

/** Of the page's organisation (lib/organizations/public.ts); the public one by default. */
export async function getPublicAccessibility(organization?: Organization): Promise<PublicAccessibility> {
  const org = organization ?? (await getPublicOrganization(await getDb()));
  const a = org.settings.accessibility ?? {};
  // settings are validated on save; checked again here because a row may have been edited by hand
  const https = (u: string | undefined) => (u && isHttpsUrl(u) ? u : null);
  const videoUrl = https(a.signLanguageVideoUrl);
  const file = videoUrl !== null && VIDEO_FILE.test(new URL(videoUrl).pathname);
  return {
    organization: org.name,
    address: org.settings.address || null,
    conformance: a.conformance ?? "partial",
    barriers: parseBarriers(a.nonAccessible),
    preparedOn: a.statementPreparedOn ?? null,
    reviewedOn: a.statementReviewedOn ?? null,
    method: a.assessmentMethod ?? "self",
    methodDetails: a.assessmentDetails || null,
    email: a.accessibilityEmail || null,
    phone: a.accessibilityPhone || null,
    enforcement: a.enforcementName ? { name: a.enforcementName, url: https(a.enforcementUrl) } : { name: null, url: FEDERAL_ENFORCEMENT_URL },
    signLanguage: {
      videoUrl,
      // a direct video file can be downloaded as it is; an embedded player page only with its own download link
      downloadUrl: https(a.signLanguageDownloadUrl) ?? (file ? videoUrl : null),
      kind: videoUrl === null ? null : file ? "file" : "embed",
    },
  };
}
