import { z } from "zod";
import { config } from "@/lib/config";

const ip = z.union([z.ipv4(), z.ipv6()]);

/**
 * The socket address of each request, stamped by the server process (see installPeerStamp) under
 * a header name no client can guess: Next keeps a client-sent X-Forwarded-For as it is, so the
 * forwarded headers alone cannot tell who is really on the other end of the socket.
 */
type PeerGlobal = { __helferrufPeerHeader?: string };
export function peerHeaderName(): string | undefined {
  return (globalThis as PeerGlobal).__helferrufPeerHeader;
}

/** How many reverse proxies in front of the app append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
export function trustedProxyHops(): number {
  return config().TRUSTED_PROXY_HOPS;
}

/**
 * The client's address, trusting forwarded headers only as far as the configured proxies go:
 * - 0 hops (default): the socket address; X-Forwarded-For and X-Real-IP are ignored, so a client
 *   cannot pick its own address for the per-IP limits.
 * - N hops: the address N entries from the right of "X-Forwarded-For, socket" — each trusted
 *   proxy appends the address it saw; anything further left was written by the client.
 * Where no socket address is known (serverless platforms), the platform's header is the chain and
 * N = 1 means its last entry. Only used for rate limits and audit; never for authorisation.
 */
export function clientIpFrom(headers: Headers, hops = trustedProxyHops()): string | null {
  const name = peerHeaderName();
  const peer = name ? headers.get(name)?.trim() || null : null;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  let candidate: string | null | undefined;
  if (peer) {
    if (hops === 0) candidate = peer;
    else candidate = [...chain, peer].at(-1 - hops);
  } else {
    candidate = hops === 0 ? null : chain.at(-hops);
  }
  candidate = candidate?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") ?? null;
  return candidate && ip.safeParse(candidate).success ? candidate : null;
}
