import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeProvider, readBody, send, sleep } from "./http";

export type ResendCall = { at: number; path: string; idempotencyKey: string | null; status: number; replayed: boolean; emails: number };
export type ResendEmail = {
  id: string;
  at: number;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments?: { filename: string; content: string; content_type?: string }[];
  reply_to?: string | string[];
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
};

/**
 * A local stand-in for the Resend API (POST /emails and /emails/batch) on 127.0.0.1: it records
 * every call and every e-mail it "sends", deduplicates by Idempotency-Key like Resend (the same
 * key and body → the first answer again, nothing sent; same key, other body → 409; same key while
 * the first call still runs → 409 concurrent), validates strictly (one bad address refuses the
 * whole batch with 422) and answers 429 / 500 / slowly when told to.
 */
export class FakeResend extends FakeProvider<ResendCall> {
  readonly emails: ResendEmail[] = [];
  /** what GET /domains lists (the Domains API); `restricted`: answer like a sending-only API key */
  domains: { name: string; status: string }[] = [];
  domainsRestricted = false;
  private readonly idempotency = new Map<string, { bodyHash: string; status: number; body: unknown } | "in-flight">();

  constructor(readonly apiKey = "re_test_key") {
    super();
  }

  static start(apiKey?: string) {
    return new FakeResend(apiKey).listen();
  }

  /** forget calls, e-mails and programmed answers (the idempotency record stays, like Resend's) */
  reset() {
    super.reset();
    this.emails.length = 0;
    this.domains = [];
    this.domainsRestricted = false;
  }

  /** how many times each recipient received an e-mail */
  deliveriesTo(address: string) {
    return this.emails.filter((e) => e.to.includes(address)).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const path = req.url ?? "";
    const raw = await readBody(req);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const record = (status: number, replayed: boolean, emails: number) => this.calls.push({ at, path, idempotencyKey: key, status, replayed, emails });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      record(401, false, 0);
      return send(res, 401, { statusCode: 401, name: "validation_error", message: "API key is invalid" });
    }
    if (req.method === "GET" && path.split("?")[0] === "/domains") {
      record(this.domainsRestricted ? 401 : 200, false, 0);
      if (this.domainsRestricted) return send(res, 401, { statusCode: 401, name: "restricted_api_key", message: "This API key is restricted to only send emails" });
      const data = this.domains.map((d, i) => ({ id: `d${i}`, name: d.name, status: d.status, created_at: new Date(0).toISOString(), region: "eu-west-1", capabilities: { sending: "enabled", receiving: "disabled" } }));
      return send(res, 200, { object: "list", has_more: false, data });
    }
    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
      record(404, false, 0);
      return send(res, 404, { statusCode: 404, name: "not_found", message: "not found" });
    }
    if (this.rateLimit && !this.rateLimit.admit(at)) {
      record(429, false, 0);
      return send(res, 429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "retry-after": "1" });
    }
    const { answered, reply: programmed } = await this.nextProgrammed(res, (status) => record(status, false, 0), (status) => ({ statusCode: status, name: status === 429 ? "rate_limit_exceeded" : "internal_server_error", message: `programmed ${status}` }));
    if (answered) return;
    const bodyHash = createHash("sha256").update(raw).digest("hex");
    const idemKey = key ? `${path}|${key}` : null;
    if (idemKey) {
      const seen = this.idempotency.get(idemKey);
      if (seen === "in-flight") {
        record(409, false, 0);
        return send(res, 409, { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same idempotency key used while original request is still in progress" });
      }
      if (seen) {
        if (seen.bodyHash !== bodyHash) {
          record(409, false, 0);
          return send(res, 409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload" });
        }
        record(seen.status, true, 0);
        return send(res, seen.status, seen.body);
      }
      this.idempotency.set(idemKey, "in-flight");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      if (idemKey) this.idempotency.delete(idemKey);
      record(400, false, 0);
      return send(res, 400, { statusCode: 400, name: "validation_error", message: "invalid JSON" });
    }
    const list = (path === "/emails/batch" ? payload : [payload]) as Partial<ResendEmail>[];
    // like Resend: the batch endpoint does not take attachments
    if (path === "/emails/batch" && Array.isArray(list) && list.some((e) => e.attachments?.length)) {
      if (idemKey) this.idempotency.delete(idemKey);
      record(422, false, 0);
      return send(res, 422, { statusCode: 422, name: "validation_error", message: "Attachments are not supported in batch emails" });
    }
    const invalid = !Array.isArray(list) || list.length === 0 || list.length > 100 || list.some((e) => !e.from || !e.subject || !Array.isArray(e.to) || e.to.some((t) => !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(t)));
    if (invalid) {
      if (idemKey) this.idempotency.delete(idemKey);
      record(422, false, 0);
      return send(res, 422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field" });
    }
    const ids = list.map((e) => {
      const id = randomUUID();
      this.emails.push({ ...(e as ResendEmail), id, at, idempotencyKey: key });
      return id;
    });
    const body = path === "/emails/batch" ? { data: ids.map((id) => ({ id })) } : { id: ids[0] };
    // the key counts as "in progress" until the (possibly slow) answer leaves
    await this.latency();
    if (programmed?.delayMs) await sleep(programmed.delayMs);
    if (idemKey) this.idempotency.set(idemKey, { bodyHash, status: 200, body });
    const status = programmed?.status ?? 200;
    record(status, false, list.length);
    send(res, status, status === 200 ? body : { statusCode: status, name: "internal_server_error", message: "processed, then failed to answer" });
  }
}
