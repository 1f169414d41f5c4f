import { expect, expectNoA11yViolations, test } from "./fixtures";

test("health reports app and embedded database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: { ok: true, driver: "pglite" } });
});

test("the development outbox page is reachable and accessible", async ({ page }) => {
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Entwicklungs-Postausgang");
  await expectNoA11yViolations(page);
});
