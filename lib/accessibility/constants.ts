/** Choices of the accessibility settings (no imports: the admin form uses them in the browser). */
export const CONFORMANCE_STATUSES = ["full", "partial", "none"] as const;
export type ConformanceStatus = (typeof CONFORMANCE_STATUSES)[number];
export const ASSESSMENT_METHODS = ["self", "third_party"] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

/** The federal conciliation body (Schlichtungsstelle nach § 16 BGG): the default when the Land's body is not configured. */
export const FEDERAL_ENFORCEMENT_URL = "https://www.schlichtungsstelle-bgg.de";
