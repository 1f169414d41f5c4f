import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a fake answers instead of its normal reply, for the next matching call. */
export type ProgrammedReply = {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** answer only after this many milliseconds (longer than the client's timeout = a timeout) */
  delayMs?: number;
  /** still process the call normally (the provider did its work) but answer late or with this status */
  process?: boolean;
};

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Largest number of timestamps inside any calendar second (floor(t / 1000)). */
export function maxPerSecondWindow(timestamps: number[]): number {
  const counts = new Map<number, number>();
  for (const t of timestamps) counts.set(Math.floor(t / 1000), (counts.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Largest number of timestamps inside any sliding window of `ms`. */
export function maxInSlidingWindow(timestamps: number[], ms: number): number {
  const ts = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i] - ts[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * A provider's rate limit as the fakes enforce it when told to (benchmarks): at most `perSecond`
 * accepted calls inside any sliding second; a call beyond that gets 429 with Retry-After.
 */
export class WindowLimiter {
  private readonly recent: number[] = [];
  constructor(readonly perSecond: number) {}
  /** true: the call may go through (and counts); false: answer 429 */
  admit(now = Date.now()): boolean {
    while (this.recent.length && now - this.recent[0] >= 1000) this.recent.shift();
    if (this.recent.length >= this.perSecond) return false;
    this.recent.push(now);
    return true;
  }
}
