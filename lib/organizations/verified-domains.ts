import { Resend } from "resend";
import { config } from "@/lib/config";
import { domainOf } from "./branding-rules";

/**
 * Which domains an organisation may send e-mail from: the ones this installation verified with
 * Resend. Two sources, either is enough:
 *
 * - RESEND_VERIFIED_DOMAINS, the operator's list (works with a sending-only API key, and in
 *   development without any key);
 * - with RESEND_API_KEY, Resend's Domains API (`domains.list()`, status "verified"). A
 *   sending-only key may not list domains: then only the list counts.
 *
 * The installation's own EMAIL_FROM domain counts too (it is what every e-mail is sent from today).
 * Asked only when an admin saves a From address, never while sending.
 */
export type DomainCheck =
  | { ok: true }
  /** none: nothing to check against (no list, no key, or Resend could not be asked) */
  | { ok: false; error: "email_domain_unverified" | "email_domain_none"; domains: string[] };

export async function checkSenderDomain(address: string): Promise<DomainCheck> {
  const domains = await verifiedDomains();
  if (domains.includes(domainOf(address))) return { ok: true };
  return { ok: false, error: domains.length ? "email_domain_unverified" : "email_domain_none", domains };
}

export async function verifiedDomains(): Promise<string[]> {
  const c = config();
  const out = new Set<string>(c.RESEND_VERIFIED_DOMAINS ?? []);
  const installation = c.EMAIL_FROM?.match(/<([^>]+)>/)?.[1] ?? c.EMAIL_FROM;
  if (c.RESEND_API_KEY && installation?.includes("@")) out.add(domainOf(installation));
  if (c.RESEND_API_KEY) for (const d of await resendVerifiedDomains(c.RESEND_API_KEY, c.RESEND_BASE_URL, c.PROVIDER_TIMEOUT_MS)) out.add(d);
  return [...out].sort();
}

async function resendVerifiedDomains(apiKey: string, baseUrl: string | undefined, timeoutMs: number): Promise<string[]> {
  try {
    const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
    const res = await resend.domains.list(undefined, { signal: AbortSignal.timeout(Math.min(timeoutMs, 10_000)) });
    if (res.error || !res.data) return [];
    return res.data.data.filter((d) => d.status === "verified").map((d) => d.name.toLowerCase());
  } catch {
    return [];
  }
}
