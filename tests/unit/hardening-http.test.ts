import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig, resetConfigForTests } from "@/lib/config";
import { clientIpFrom, peerHeaderName } from "@/lib/http/client-ip";
import { checkActionFields, checkDeclaredLength, checkPath, checkPostBody, checkQuery, checksOwnBody, MAX_BODY_BYTES } from "@/lib/http/guard-request";
import { readSmallForm } from "@/lib/http/small-form";
import { installPeerStamp } from "@/lib/http/peer-stamp";
import { isCrossSite, requestOrigin } from "@/lib/http/request-origin";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

const withPeer = (peer: string, extra: Record<string, string> = {}) => {
  installPeerStamp();
  return new Headers({ [peerHeaderName()!]: peer, ...extra });
};

describe("client address behind a configured number of proxies", () => {
  it("ignores a client-sent X-Forwarded-For without trusted proxies: the socket address counts", () => {
    expect(clientIpFrom(withPeer("198.51.100.20", { "x-forwarded-for": "203.0.113.1" }), 0)).toBe("198.51.100.20");
    expect(clientIpFrom(withPeer("::ffff:198.51.100.20", { "x-real-ip": "203.0.113.1" }), 0)).toBe("198.51.100.20");
  });

  it("takes the address the trusted proxy appended, not what the client wrote before it", () => {
    // client wrote "6.6.6.6", the proxy (10.0.0.2, the socket) appended the real client 203.0.113.9
    const h = withPeer("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientIpFrom(h, 1)).toBe("203.0.113.9");
    expect(clientIpFrom(withPeer("10.0.0.3", { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), 2)).toBe("203.0.113.9");
  });

  it("on a serverless platform (no socket address) trusts only the platform's last entry", () => {
    const g = globalThis as { __helferrufPeerHeader?: string };
    const saved = g.__helferrufPeerHeader;
    g.__helferrufPeerHeader = undefined;
    try {
      expect(clientIpFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 1)).toBe("203.0.113.9");
      expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.9" }), 0)).toBeNull();
      expect(clientIpFrom(new Headers({ "x-forwarded-for": "<script>" }), 1)).toBeNull();
    } finally {
      g.__helferrufPeerHeader = saved;
    }
  });

  it("stamps the real socket address on every request of a Node server, whatever the client sends", async () => {
    installPeerStamp();
    let seen: string | null = "unset";
    const server = http.createServer((req, res) => {
      seen = clientIpFrom(new Headers(req.headers as Record<string, string>), 0);
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67", "x-helferruf-peer": "203.0.113.68" } });
    server.close();
    expect(seen).toBe("127.0.0.1");
  });
});

describe("origin checks and redirects use APP_URL", () => {
  const saved = process.env.APP_URL;
  afterEach(() => {
    process.env.APP_URL = saved;
    resetConfigForTests();
  });
  afterAll(() => resetConfigForTests());

  it("never a forwarded host a client can send", () => {
    process.env.APP_URL = "https://helfen.example.org";
    resetConfigForTests();
    const req = new Request("http://app.internal/admin/sign-in/verify", { method: "POST", headers: { host: "app.internal", "x-forwarded-host": "evil.example", origin: "https://evil.example" } });
    expect(requestOrigin(req)).toBe("https://helfen.example.org");
    expect(isCrossSite(req)).toBe(true);
    expect(isCrossSite(new Request("http://x/", { method: "POST", headers: { origin: "https://helfen.example.org" } }))).toBe(false);
  });
});

describe("requests Next.js would answer with a 500", () => {
  const form = (body: string, type: string) => new Request("http://127.0.0.1/register", { method: "POST", headers: { "content-type": type }, body });

  it("refuse undecodable paths", () => {
    expect(checkPath("/r/%E2%82")).toMatchObject({ status: 400 });
    expect(checkPath("/unsubscribe/%ZZ")).toMatchObject({ status: 400 });
    expect(checkPath("/r/%00")).toMatchObject({ status: 400 });
    expect(checkPath("/r/abc%20def")).toBeNull();
  });

  it("refuse a NUL anywhere in the query string (it would reach a database search)", () => {
    expect(checkQuery("?q=a%00b")).toMatchObject({ status: 400, reason: "nul_in_query" });
    expect(checkQuery("?%00=1")).toMatchObject({ status: 400 });
    expect(checkQuery("?q=%ZZ&next=/%E2%82")).toBeNull();
    expect(checkQuery("?q=M%C3%BCller")).toBeNull();
  });

  it("refuse broken multipart bodies", async () => {
    expect(await checkPostBody(form("x", "multipart/form-data"))).toMatchObject({ status: 400 });
    expect(await checkPostBody(form("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "multipart/form-data; boundary=b"))).toMatchObject({ status: 400 });
    expect(await checkPostBody(form("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--b--\r\n", "multipart/form-data; boundary=zz"))).toMatchObject({ status: 400 });
    const good = "--b\r\nContent-Disposition: form-data; name=\"firstName\"\r\n\r\nAnna\r\n--b--\r\n";
    expect(await checkPostBody(form(good, "multipart/form-data; boundary=b"))).toBeNull();
  });

  it("refuse odd field names, NUL characters and malformed server-action state", () => {
    expect(checkActionFields([["a\r\nb", "x"]])).toMatchObject({ status: 400 });
    expect(checkActionFields([['na"me', "x"]])).toMatchObject({ status: 400 });
    expect(checkActionFields([["firstName", "An\0na"]])).toMatchObject({ status: 400 });
    expect(checkActionFields([["$ACTION_REF_1", ""]])).toMatchObject({ status: 400, reason: "missing_action_state" });
    expect(checkActionFields([["$ACTION_REF_1", ""], ["$ACTION_1:0", "{not json"]])).toMatchObject({ status: 400 });
    const id = "a".repeat(42);
    expect(checkActionFields([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id, bound: "$@1" })]])).toMatchObject({ reason: "missing_action_state" });
    expect(checkActionFields([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id, bound: "$@1" })], ["$ACTION_1:1", "[{}]"], ["$ACTION_KEY", "k0"]])).toBeNull();
    expect(checkActionFields([[`$ACTION_ID_${id}`, ""]])).toBeNull();
    expect(checkActionFields([["$ACTION_ID_zz", ""]])).toMatchObject({ status: 400 });
  });

  it("refuse bodies over the limit and NUL in JSON", async () => {
    const big = new Request("http://127.0.0.1/api/webhooks/resend", { method: "POST", headers: { "content-length": String(MAX_BODY_BYTES + 1) }, body: "x" });
    expect(await checkPostBody(big)).toMatchObject({ status: 413 });
    const nul = new Request("http://127.0.0.1/api/webhooks/resend", { method: "POST", headers: { "content-type": "application/json" }, body: '{"type":"email.delivered","data":{"subject":"a\\u0000b"}}' });
    expect(await checkPostBody(nul)).toMatchObject({ status: 400, reason: "nul_in_body" });
  });
});

describe("security headers", () => {
  it("allow scripts only with the request's nonce", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, https: true });
    expect(csp).toMatch(/script-src 'self' 'nonce-abc123' 'strict-dynamic'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("refuse an invalid TRUSTED_PROXY_HOPS naming the variable", () => {
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: "two" })).toThrow(ConfigError);
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: "two" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(parseConfig({}).TRUSTED_PROXY_HOPS).toBe(0);
  });
});

describe("well-formed browser posts pass the guard", () => {
  it("keeps the boundary's case (browsers use mixed-case boundaries)", async () => {
    const body = "------WebKitFormBoundaryAbC\r\nContent-Disposition: form-data; name=\"next\"\r\n\r\n/€\r\n------WebKitFormBoundaryAbC--\r\n";
    const req = new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=----WebKitFormBoundaryAbC" }, body });
    expect(await checkPostBody(req)).toBeNull();
  });
});

describe("the answer route reads its own body (issue 19: the proxy does not copy a tap's body)", () => {
  const post = (path: string, headers: Record<string, string> = {}, body: BodyInit = "answer=accept") =>
    new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body, duplex: "half" } as RequestInit);

  it("only the answer route, and never a post carrying a server-action header", () => {
    expect(checksOwnBody("/r/abc/answer", post("/r/abc/answer"))).toBe(true);
    expect(checksOwnBody("/r/abc/answer", post("/r/abc/answer", { "next-action": "x" }))).toBe(false);
    expect(checksOwnBody("/r/abc", post("/r/abc"))).toBe(false);
    expect(checksOwnBody("/r/abc/answer/more", post("/r/abc/answer/more"))).toBe(false);
    expect(checksOwnBody("/register", post("/register"))).toBe(false);
  });

  it("still refuses a declared body over the limit from the header alone", () => {
    expect(checkDeclaredLength(post("/r/abc/answer", { "content-length": String(MAX_BODY_BYTES + 1) }))).toMatchObject({ status: 413 });
    expect(checkDeclaredLength(post("/r/abc/answer"))).toBeNull();
  });

  it("readSmallForm: a browser's urlencoded or multipart form; null for a larger, broken or foreign body", async () => {
    expect((await readSmallForm(post("/r/a/answer"), 8192))?.get("answer")).toBe("accept");
    const fd = new FormData();
    fd.set("answer", "decline");
    expect((await readSmallForm(new Request("http://127.0.0.1/r/a/answer", { method: "POST", body: fd }), 8192))?.get("answer")).toBe("decline");
    // larger than the bound, with and without a declared length (a chunked body is cut off while read)
    expect(await readSmallForm(post("/r/a/answer", {}, "answer=accept&x=" + "y".repeat(9000)), 8192)).toBeNull();
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("y".repeat(1000)));
        c.close();
      },
    });
    expect(await readSmallForm(post("/r/a/answer", {}, chunked), 8192)).toBeNull();
    expect(await readSmallForm(post("/r/a/answer", { "content-type": "multipart/form-data; boundary=x" }, "--x\r\nnot a part"), 8192)).toBeNull();
    expect(await readSmallForm(post("/r/a/answer", { "content-type": "application/json" }, '{"answer":"accept"}'), 8192)).toBeNull();
    expect(await readSmallForm(new Request("http://127.0.0.1/r/a/answer", { method: "POST" }), 8192)).toBeNull();
  });
});
