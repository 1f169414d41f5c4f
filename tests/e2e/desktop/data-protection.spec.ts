import { readFileSync } from "node:fs";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { ManagePage } from "../pages/registration";

// The demo admin of the seed (admin.spec.ts signs in admin@example.org in parallel).
test.use({ coordinatorEmail: "verwaltung@example.org" });
test.describe.configure({ mode: "serial" });

// (that coordinators cannot open the page or the download: tests/integration/admin-authorization.test.ts)
test("admins read the record of processing activities and download it as Markdown", async ({ coordinator: page }) => {
  await page.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Datenschutz" }).click();
  await expect(page.getByRole("heading", { name: "Verzeichnis von Verarbeitungstätigkeiten", level: 1 })).toBeVisible();
  await expect(page.getByText("Registrierungen ohne bestätigten Kontaktweg werden nach 7 Tagen gelöscht").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Werden 90 Tage nach dem Eintrag entfernt." })).toBeVisible();
  await expect(page.getByRole("cell", { name: "nicht konfiguriert – HOSTING_PROVIDER ist nicht gesetzt" })).toBeVisible();
  await expectNoA11yViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Als Markdown herunterladen" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^verarbeitungsverzeichnis-\d{4}-\d{2}-\d{2}\.md$/);
  const md = readFileSync((await download.path())!, "utf8");
  expect(md).toMatch(/^# Verzeichnis von Verarbeitungstätigkeiten\n/);
  expect(md).toContain("| Inhalte von Nachrichten | Betreff, Text, HTML und Anhänge werden 90 Tage nach dem Schreiben gelöscht");
  expect(md).toContain("- **Name:** Helferkreis Musterstadt");
  // the download is in the audit log
  await page.goto("/admin/audit?action=privacy.export_records");
  await expect(page.getByRole("cell", { name: "Verzeichnis der Verarbeitungstätigkeiten heruntergeladen" }).first()).toBeVisible();

  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/admin/privacy-records");
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
});

test("a volunteer with an older consent is asked again at sign-in; the directory shows the state before and after", async ({ coordinator: page, browser, outbox }) => {
  await page.goto("/admin/volunteers?consent=outdated&status=active&channel=email");
  await expect(page.getByTestId("volunteer-count")).toContainText(/\d+ (freiwillige Person|Freiwillige)/);
  await expect(page.getByTestId("consent-state").first()).toHaveText("veraltet (demo-seed)");
  await expectNoA11yViolations(page);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/volunteers\/[0-9a-f-]{36}$/);
  const detailUrl = page.url();
  await expect(page.getByTestId("consent-state")).toContainText("veraltet (Fassung demo-seed)");
  const email = (await page.getByText(/@example\.net — bestätigt/).innerText()).split(" — ")[0];
  await expectNoA11yViolations(page);

  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: "de-DE" });
  const phone = await context.newPage();
  const known = await outbox.ids(email);
  await new ManagePage(phone).requestLink(email);
  const link = await outbox.waitForLink(email, "sign-in", { except: known });
  // The demo volunteer's message language is drawn at random (db/seed.ts demoLocale) and a sign-in
  // link's page speaks it unless the browser chose a language: this browser chose German, for the
  // host the link points to (APP_URL's, which may differ from the test's base URL: 127.0.0.1 vs localhost).
  await context.addCookies([{ name: "NEXT_LOCALE", value: "de", url: new URL(link).origin }]);
  await phone.goto(link);
  await phone.getByRole("button", { name: "Anmelden" }).click();
  // /profile sends them to the renewal step first
  await expect(phone).toHaveURL(/\/profile\/consent$/);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Bitte stimmen Sie der neuen Fassung zu");
  await expect(phone.getByText(/Ich bin einverstanden, dass Helferkreis Musterstadt meine Angaben speichert/)).toBeVisible();
  await expectNoHorizontalScroll(phone);
  await expectNoA11yViolations(phone);
  await phone.getByRole("button", { name: "Ich stimme zu" }).click();
  await expect(phone).toHaveURL(/\/profile\?consent=renewed$/);
  await expect(phone.getByText("Danke! Ihre Zustimmung zur neuen Fassung ist gespeichert.")).toBeVisible();
  await context.close();

  await page.goto(detailUrl);
  await expect(page.getByTestId("consent-state")).toContainText(/^aktuell \(Fassung \d{4}-\d{2}-v\d+\)$/);
  await expect(page.getByText(/^[0-9a-f]{64}$/)).toBeVisible();
});
