import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";

test("the privacy page names the configured periods and processors, readable at 320 px", async ({ page }) => {
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Datenschutzerklärung");
  const howLong = page.getByTestId("privacy-how-long");
  // the e2e server runs with the default settings
  await expect(howLong).toContainText("Registrierungen, die nicht bestätigt werden, löschen wir nach 7 Tagen.");
  await expect(howLong).toContainText("90 Tage nach dem Versand");
  await expect(howLong).toContainText("24 Monate lang weder angemeldet");
  await expect(howLong).toContainText("innerhalb von 30 Tagen");
  await expect(howLong).toContainText("IP-Adressen im Protokoll (zum Beispiel bei der Registrierung) löschen wir nach 90 Tagen.");
  const recipients = page.getByTestId("privacy-recipients");
  // no provider keys and no HOSTING_PROVIDER in the e2e configuration: said plainly
  await expect(recipients).toContainText("Hosting der Anwendung: noch nicht angegeben");
  await expect(recipients).toContainText("Datenbank: Teil des Hostings");
  await expect(recipients).toContainText("E-Mail-Versand: wird derzeit nicht genutzt");
  await expectNoA11yViolations(page);
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoHorizontalScroll(page);
});
