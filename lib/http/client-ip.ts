import { z } from "zod";

const ip = z.union([z.ipv4(), z.ipv6()]);

/**
 * The client's address as the reverse proxy reports it (first X-Forwarded-For entry, else
 * X-Real-IP). Only used for rate limits and audit; never trusted for authorisation.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || headers.get("x-real-ip")?.trim() || null;
  return candidate && ip.safeParse(candidate).success ? candidate : null;
}
