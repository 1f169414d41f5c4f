import { readFileSync } from "node:fs";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";

/**
 * Issue 14, the coordinator's side: after a request the board asks who came (everyone who said
 * yes pre-checked); the coordinator corrects one helper's hours and marks one as a no-show; the
 * reports page then shows the confirmed hours in the chart's data table and exports them as CSV.
 * The demo data (db/seed-demo-history.ts) has the request that ended yesterday.
 */
const COORDINATOR = "berichte@example.org";
const TITLE = "Sommerfest: Aufbau (Beispiel)";
const ACTIVITY = "Kleiderkammer & Spendenlager";

function berlinDay(offsetDays: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: COORDINATOR });

test("a coordinator confirms attendance after a request, reads the hours in the report and downloads the CSV", async ({ coordinator: page }) => {
  test.setTimeout(120_000);
  await page.goto("/admin/requests?tab=past");
  await page.getByRole("link", { name: TITLE }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();

  const sheet = page.getByTestId("attendance-form");
  await expect(page.getByRole("heading", { name: "Anwesenheit und Stunden" })).toBeVisible();
  const helpers = sheet.getByTestId("attendance-helper");
  await expect(helpers).toHaveCount(3);
  // everyone who said yes is pre-checked with the request's three hours (on a first visit)
  for (const row of await helpers.all()) {
    await expect(row.getByRole("checkbox")).toBeChecked();
    await expect(row.getByRole("textbox")).toHaveValue(/^\d/);
  }
  await expectNoA11yViolations(page);

  // bad hours: an error next to the field, nothing saved
  const first = helpers.nth(0);
  await first.getByRole("textbox").fill("drei");
  await sheet.getByRole("button", { name: /Anwesenheit bestätigen|Korrektur speichern/ }).click();
  await expect(first.getByText("Bitte Stunden als Zahl angeben, z. B. 2 oder 1,5.")).toBeVisible();
  await expect(first.getByRole("textbox")).toHaveValue("drei");

  // the first came for 2.5 hours, the second did not come (one click), the third as planned
  await first.getByRole("textbox").fill("2,5");
  for (const row of await helpers.all()) await row.getByRole("checkbox").check();
  await helpers.nth(2).getByRole("textbox").fill("3");
  await helpers.nth(1).getByRole("button", { name: /nicht erschienen/ }).click();
  await expect(page.getByTestId("attendance-saved")).toBeVisible();
  await expect(page.getByTestId("attendance-totals")).toHaveText("Bestätigt: 5,5 Std. von 2 Personen.");
  await expect(helpers.nth(1).getByTestId("attendance-state")).toHaveText("nicht erschienen");
  await expect(helpers.nth(1).getByRole("checkbox")).not.toBeChecked();
  await expect(helpers.nth(0).getByTestId("attendance-state")).toHaveText("bestätigt");
  await expectNoA11yViolations(page);

  // the report for yesterday (the day of the request)
  await page.getByRole("link", { name: "Berichte" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Berichte" })).toBeVisible();
  await page.getByLabel("Zeitraum", { exact: true }).selectOption("custom");
  await page.getByLabel("Von (nur bei eigenem Zeitraum)").fill(berlinDay(-1));
  await page.getByLabel("Bis einschließlich").fill(berlinDay(-1));
  await page.getByRole("button", { name: "Bericht anzeigen" }).click();
  await expect(page).toHaveURL(/period=custom/);
  const table = page.getByTestId("table-hours_activity");
  await expect(table.getByRole("row", { name: new RegExp(ACTIVITY) })).toContainText("5,5");
  await expect(table.getByRole("row", { name: /Gesamt/ })).toContainText("5,5");
  await expect(page.getByTestId("summary-confirmed")).toHaveText("5,5");
  await expect(page.getByRole("img", { name: /Stunden je Tätigkeit/ }).first()).toBeAttached();
  await expectNoA11yViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "CSV herunterladen (Stunden je Tätigkeit)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^helferruf-hours-activity-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.startsWith("\uFEFFTätigkeit,Bestätigte Stunden,Geplante Stunden,Helfer*innen (bestätigt)")).toBe(true);
  expect(csv).toContain(`${ACTIVITY},5.5,0,2`);

  // the printable page of the whole period
  await page.getByRole("link", { name: "Druckansicht" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Bericht Helferkreis Musterstadt/ })).toBeVisible();
  await expect(page.getByTestId("table-hours_activity")).toContainText("5,5");
  await expect(page.getByRole("button", { name: "CSV herunterladen (Stunden je Tätigkeit)" })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test("bad report parameters get a field error and the default period, never an error page", async ({ coordinator: page }) => {
  const response = await page.goto("/admin/reports?period=custom&from=2026-05-01&to=2026-04-01&activity=00000000-0000-4000-8000-000000000000&minAsked=x");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("Das Ende liegt vor dem Beginn.")).toBeVisible();
  await expect(page.getByText("Diese Tätigkeit gibt es in Ihrer Organisation nicht.")).toBeVisible();
  await expect(page.getByText("Bitte geben Sie eine ganze Zahl ein.")).toBeVisible();
  await expect(page.getByTestId("report-default-shown")).toBeVisible();
  await expect(page.getByLabel("Bis einschließlich")).toHaveValue("2026-04-01");
  await expectNoA11yViolations(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/admin/reports?period=year");
  await expectNoHorizontalScroll(page);
});
