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

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}` };
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What the fake providers share: a loopback server, the record of calls, programmed answers and
 * an optional rate limit. A subclass handles the provider's own API in `handle`.
 */
export abstract class FakeProvider<Call> {
  readonly calls: Call[] = [];
  protected readonly programmed: ProgrammedReply[] = [];
  private server?: Server;
  url = "";
  /** benchmarks: enforce a provider rate limit (calls per sliding second) with 429 + Retry-After */
  rateLimit?: WindowLimiter;
  /** benchmarks: answer an accepted call after a random time in [min, max] ms (a real provider's latency) */
  latencyMs?: [number, number];
  /** calls being answered right now, and the most there ever were at once (reset with reset()) */
  inFlight = 0;
  maxInFlight = 0;

  /** Waits the configured latency (none unless latencyMs is set). */
  protected async latency() {
    if (!this.latencyMs) return;
    const [min, max] = this.latencyMs;
    await sleep(min + Math.random() * (max - min));
  }

  /** Counts a call in flight while `work` runs. */
  protected async tracked(work: () => Promise<void>) {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await work();
    } finally {
      this.inFlight--;
    }
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Listens on a free loopback port (or `port`); `url` is where the SDK should send its calls. */
  async listen(port = 0): Promise<this> {
    const { server, url } = await listen((req, res) => this.tracked(() => this.handle(req, res)), port);
    this.server = server;
    this.url = url;
    return this;
  }

  /** The next calls get these answers, in order. */
  program(...replies: ProgrammedReply[]) {
    this.programmed.push(...replies);
  }

  /** forget calls, what was sent and programmed answers */
  reset() {
    this.calls.length = 0;
    this.programmed.length = 0;
    this.maxInFlight = this.inFlight;
  }

  stop() {
    return this.server ? close(this.server) : Promise.resolve();
  }

  /**
   * Takes the next programmed answer. One that does not let the call through is sent here (after
   * its delay) and `answered` is true; otherwise the caller processes the call and may still use
   * the answer's delay and status.
   */
  protected async nextProgrammed(res: ServerResponse, record: (status: number) => void, errorBody: (status: number) => unknown): Promise<{ answered: boolean; reply?: ProgrammedReply }> {
    const reply = this.programmed.shift();
    if (!reply || reply.process) return { answered: false, reply };
    if (reply.delayMs) await sleep(reply.delayMs);
    const status = reply.status ?? 500;
    record(status);
    send(res, status, reply.body ?? errorBody(status), reply.headers);
    return { answered: true, reply };
  }
}

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
