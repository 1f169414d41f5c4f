import { expect, test, type APIRequestContext } from "@playwright/test";
import { nastyString, prng } from "../../helpers/fuzz";

type Form = { fields: [string, string][] };

/** The server-action forms of a page as rendered without JavaScript (hidden $ACTION fields included). */
async function formsOf(request: APIRequestContext, path: string): Promise<Form[]> {
  const html = await (await request.get(path)).text();
  return [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({
    fields: [...m[1].matchAll(/<(?:input|select|textarea)[^>]*name="([^"]+)"[^>]*?(?:value="([^"]*)")?[^>]*>/g)].map((f) => [f[1], f[2] ?? ""] as [string, string]),
  }));
}

test.describe("hardening", () => {
  test("pages carry a nonce CSP, no framing, COOP, and the dev-outbox warning in this test mode", async ({ page, request }) => {
    const res = await request.get("/");
    const csp = res.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["cross-origin-opener-policy"]).toBe("same-origin");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    // the page still works with the policy: client components hydrate (language switch without reload)
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
    await page.goto("/register");
    await expect(page.getByRole("note").filter({ hasText: "Entwicklungs-Postausgang" })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("a client cannot choose the host: forwarded host and origin from another site are refused", async ({ request }) => {
    const [form] = await formsOf(request, "/");
    const multipart = Object.fromEntries(form.fields);
    const res = await request.post("/", { multipart, headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example" }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    const signIn = await request.get("/admin", { headers: { "x-forwarded-host": "evil.example" }, maxRedirects: 0 });
    expect(signIn.headers().location).not.toContain("evil.example");
  });

  test("bad paths and broken bodies get 4xx, never 500", async ({ request, baseURL }) => {
    for (const path of ["/r/%E2%82", "/unsubscribe/%ZZ", "/confirm/%C0%AF"]) {
      expect((await request.get(path)).status(), path).toBe(400);
    }
    const post = (body: string, type: string, headers: Record<string, string> = {}) =>
      request.fetch("/register", { method: "POST", data: body, headers: { "content-type": type, origin: baseURL!, ...headers }, maxRedirects: 0 });
    expect((await post("x", "multipart/form-data")).status()).toBe(400);
    expect((await post('--b\r\nContent-Disposition: form-data; name="a\r\n\r\nb', "multipart/form-data; boundary=b")).status()).toBe(400);
    expect((await post("$ACTION_REF_1=&$ACTION_1:0=%7Bbad", "application/x-www-form-urlencoded")).status()).toBe(400);
    expect((await post("a".repeat(1024 * 1024 + 10), "text/plain", { "next-action": "00ff" })).status()).toBe(413);
    const [locale] = await formsOf(request, "/");
    for (const next of ["/€", "/\u0001", "/\\evil"]) {
      const fields = Object.fromEntries(locale.fields.map(([k, v]) => [k, k === "next" ? next : v]));
      const res = await request.post("/", { multipart: fields, headers: { origin: baseURL! }, maxRedirects: 0 });
      expect(res.status(), `${next} ${res.headers()["x-refused"]}`).toBe(303);
      expect(res.headers().location).toMatch(/\/$/);
    }
  });

  test("fuzzed posts to every public form never answer 5xx (seeded)", async ({ request, baseURL }) => {
    test.setTimeout(180_000);
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    const r = prng(seed);
    const pages = ["/", "/register", "/manage", "/admin/sign-in"];
    const failures: string[] = [];
    for (const path of pages) {
      const forms = await formsOf(request, path);
      expect(forms.length, path).toBeGreaterThan(0);
      for (let i = 0; i < 60; i++) {
        const form = r.pick(forms);
        const fields: [string, string][] = form.fields.filter(() => r.next() > 0.15).map(([k, v]) => [k, k.startsWith("$ACTION") && r.next() > 0.2 ? v : r.next() > 0.4 ? nastyString(r) : v]);
        if (r.next() > 0.7) fields.push([r.pick(["$ACTION_REF_1", "$ACTION_1:0", "$ACTION_KEY", "x", "languages", "activities"]), nastyString(r)]);
        const headers: Record<string, string> = { origin: r.next() > 0.9 ? r.pick(["null", "garbage", "https://evil.example"]) : baseURL! };
        const res =
          r.next() > 0.5
            ? await request.post(path, { multipart: Object.fromEntries(fields), headers, maxRedirects: 0 })
            : await request.post(path, { form: Object.fromEntries(fields), headers, maxRedirects: 0 });
        if (res.status() >= 500) failures.push(`${path} #${i} → ${res.status()} ${JSON.stringify(fields).slice(0, 300)}`);
      }
    }
    expect(failures, `seed ${seed}`).toEqual([]);
  });
});
