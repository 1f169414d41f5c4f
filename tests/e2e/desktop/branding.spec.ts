import { expect, expectNoA11yViolations, expectNoHorizontalScroll, SECOND_ORG, test } from "../fixtures";

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: "nachbarschaft@example.org" }); // the second demo organisation's admin: no other spec signs in with it

/** A 1×1 PNG (the logo's type is read from its bytes, not from the name). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const ACCENT = "#5b2a86"; // about 10:1 on white

/**
 * Issue 16, an organisation's senders and branding on /admin/settings: refused values stand at
 * their field with focus (an SMS sender that is neither a service SID nor an alphanumeric id, a
 * colour below 4.5:1, an SVG logo), saved values show on the organisation's public page only.
 */
test("an admin sets the SMS sender, accent colour and logo; the public page shows them, the other organisation's does not", async ({ coordinator: page }, testInfo) => {
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "Absender", exact: true })).toBeVisible();

  // senders: a wrong SMS sender is refused and kept as typed
  const senders = page.locator("form").filter({ has: page.getByRole("button", { name: "Absender speichern" }) });
  await senders.getByLabel("SMS-Absender").fill("!!!");
  await senders.getByRole("button", { name: "Absender speichern" }).click();
  await expect(senders.getByLabel("SMS-Absender")).toBeFocused();
  await expect(senders.getByLabel("SMS-Absender")).toHaveValue("!!!");
  await expect(senders).toContainText("mindestens einem Buchstaben");
  await senders.getByLabel("SMS-Absender").fill("NbHilfe");
  await senders.getByRole("button", { name: "Absender speichern" }).click();
  await expect(page.getByText("Absender gespeichert.")).toBeVisible();
  await expect(senders.getByLabel("SMS-Absender")).toHaveValue("NbHilfe");

  // branding: a light colour fails the contrast check, with its ratio; an SVG logo is refused
  const branding = page.locator("form").filter({ has: page.getByRole("button", { name: "Erscheinungsbild speichern" }) });
  await branding.getByLabel("Akzentfarbe").fill("#ffff00");
  await branding.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
  await expect(branding.getByLabel("Akzentfarbe")).toBeFocused();
  await expect(branding).toContainText(/Kontrastverhältnis von 1,07:1/);
  await expect(branding.getByLabel("Akzentfarbe")).toHaveValue("#ffff00");
  await expectNoA11yViolations(page);
  await branding.getByLabel("Akzentfarbe").fill(ACCENT);
  await branding.getByLabel("Logo", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await branding.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
  await expect(branding).toContainText("SVG-Dateien nehmen wir aus Sicherheitsgründen nicht an.");
  await expect(branding.getByLabel("Logo", { exact: true })).toBeFocused();
  await branding.getByLabel("Logo", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await branding.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
  await expect(page.getByText("Erscheinungsbild gespeichert.")).toBeVisible();
  await expect(page.getByTestId("current-logo")).toBeVisible();
  await shot("settings-branding-desktop");

  // the public page of this organisation carries the logo and the colour …
  await page.goto(`/o/${SECOND_ORG.slug}`);
  const scope = page.getByTestId("brand-scope");
  await expect(scope.getByTestId("brand-header")).toContainText(SECOND_ORG.name);
  const logo = scope.getByTestId("brand-logo");
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  const logoRes = await page.request.get((await logo.getAttribute("src"))!);
  expect(logoRes.headers()["content-type"]).toBe("image/png");
  expect(await scope.evaluate((el) => getComputedStyle(el).getPropertyValue("--color-brand-700").trim())).toBe(ACCENT);
  await expectNoA11yViolations(page);
  await page.setViewportSize({ width: 320, height: 720 });
  await expectNoHorizontalScroll(page);
  await shot("public-branded-320");
  await page.setViewportSize({ width: 1280, height: 800 });

  // … the other organisation's page does not
  await page.goto("/o/helferruf-demo");
  await expect(page.getByTestId("brand-logo")).toHaveCount(0);
  expect(await page.getByTestId("brand-scope").evaluate((el) => el.getAttribute("style") ?? "")).not.toContain(ACCENT);

  // removing the logo and the colour brings Helferruf's look back
  await page.goto("/admin/settings");
  await branding.getByLabel("Akzentfarbe").fill("");
  await branding.getByRole("checkbox", { name: "Logo entfernen" }).check();
  await branding.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
  await expect(page.getByText("Erscheinungsbild gespeichert.")).toBeVisible();
  await page.goto(`/o/${SECOND_ORG.slug}`);
  await expect(page.getByTestId("brand-logo")).toHaveCount(0);
});
