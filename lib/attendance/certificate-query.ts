import type { CertificateField } from "./certificate";

/**
 * A certificate form posts to a route that answers with the PDF; when it cannot (bad dates, no
 * hours) it redirects back to the form's page with the errors and the typed values in the query,
 * so the form works without JavaScript. Only known codes are read back.
 */
const CODES = ["date_invalid", "date_out_of_range", "end_before_start", "locale_invalid", "no_hours", "invalid", "not_found"] as const;
type Code = (typeof CODES)[number];
export type CertificateFormState = { errors: Partial<Record<CertificateField | "form", Code>>; values: { from?: string; to?: string; locale?: string } };

export function certificateErrorQuery(errors: Partial<Record<string, string>>, values: Record<string, unknown>): string {
  const q = new URLSearchParams();
  q.set("certErr", Object.entries(errors).map(([k, v]) => `${k}:${v}`).join(";"));
  for (const k of ["from", "to", "locale"] as const) if (typeof values[k] === "string") q.set(`cert_${k}`, String(values[k]).slice(0, 20));
  return q.toString();
}

export function readCertificateFormState(sp: Record<string, string | string[] | undefined>): CertificateFormState | null {
  const raw = typeof sp.certErr === "string" ? sp.certErr : null;
  if (!raw) return null;
  const errors: CertificateFormState["errors"] = {};
  for (const part of raw.split(";")) {
    const [field, code] = part.split(":");
    if (["from", "to", "locale", "form"].includes(field) && (CODES as readonly string[]).includes(code)) errors[field as CertificateField | "form"] = code as Code;
  }
  const value = (k: string) => (typeof sp[`cert_${k}`] === "string" ? (sp[`cert_${k}`] as string).slice(0, 20) : undefined);
  return { errors, values: { from: value("from"), to: value("to"), locale: value("locale") } };
}
