import { chooseLanguage, expect, expectNoA11yViolations, expectNoHorizontalScroll, PUBLIC_LANDING, test } from "./fixtures";

test.describe("landing page", () => {
  // the demo lists two organisations, so `/` is their list (tests/e2e/phone/organizations.spec.ts); the public
  // organisation's landing page is the one a single-organisation install shows at `/`
  test("explains Helferruf in German and links to registration, management and coordinator sign-in", async ({ page }) => {
    await page.goto(PUBLIC_LANDING);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helfen, wenn es gebraucht wird");
    await expect(page.getByRole("link", { name: "Jetzt als Helfer*in registrieren" })).toHaveAttribute("href", "/register");
    await expect(page.getByRole("link", { name: "Meine Registrierung verwalten" })).toHaveAttribute("href", "/manage");
    await expect(page.getByRole("link", { name: "Anmeldung für Koordinator*innen" })).toHaveAttribute("href", "/admin");
    // demo data is seeded on first start
    await expect(page.getByText(/\d+ Helfer\*innen sind bei/)).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test("switches to English and back, and remembers the choice", async ({ page }) => {
    await page.goto("/");
    // the picker's name contains its visible text (WCAG 2.5.3); every language in its own name
    await expect(page.locator("header details > summary")).toHaveAccessibleName("Sprache: Deutsch");
    await page.locator("header details > summary").click();
    for (const name of ["Deutsch", "English", "العربية", "فارسی / دری", "Українська", "Русский", "Türkçe"]) await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help where it is needed");
    await expectNoA11yViolations(page);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help where it is needed");
    await chooseLanguage(page, "Deutsch");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helfen, wenn es gebraucht wird");
  });

  test("is readable at 320 px without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(PUBLIC_LANDING);
    await expectNoHorizontalScroll(page);
    const box = await page.getByRole("link", { name: "Jetzt als Helfer*in registrieren" }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
  });
});

test.describe("language switch without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("works as a plain form post", async ({ page }) => {
    await page.goto("/");
    await chooseLanguage(page, "English");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help where it is needed");
  });
});

test("unknown pages answer 404 with a helpful page", async ({ page }) => {
  const res = await page.goto("/gibt-es-nicht");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seite nicht gefunden");
  await expect(page).toHaveTitle("Seite nicht gefunden · Helferruf");
  await expectNoA11yViolations(page);
});

test("invalid links have their own page title", async ({ page }) => {
  const token = "A".repeat(43);
  for (const path of [`/confirm/${token}`, `/manage/${token}`, `/r/${token}`]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    // the title is the page's own heading, not the generic app name
    const h1 = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
    expect(h1).not.toBe("Seite nicht gefunden");
    await expect(page).toHaveTitle(`${h1} · Helferruf`);
  }
});

test("has a favicon", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/icon/);
  const res = await request.get(href!);
  expect(res.ok()).toBe(true);
  expect(res.headers()["content-type"]).toContain("image/svg+xml");
});
